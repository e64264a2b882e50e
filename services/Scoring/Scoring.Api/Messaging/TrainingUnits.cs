using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Ledger;

namespace SheqingMinyi.Scoring.Messaging;

/// <summary>
/// The unit a training fact credits: the one the person held on the attendance day. Attendance names no unit, and the
/// person's memberships (or the person) may arrive after it, so when a person's main unit or a membership changes,
/// every training fact of theirs is placed again and a fact that belongs elsewhere moves by correcting entries (the old
/// unit's part taken back, the new unit's booked; the person's points do not change). Either order of the same events
/// ends in the same unit totals. Items need no such move: intake stamps their unit at submission (Units).
/// </summary>
public sealed class TrainingUnits(ScoringDbContext db, AuthorCredits credits) : IPersonUnitsListener
{
    public async Task PersonUnitsChangedAsync(EventContext context, Guid personId, CancellationToken ct)
    {
        await credits.LockAsync(context, ct);
        await db.SaveChangesAsync(ct); // the directory's change, so the history below includes it
        var facts = await db.Facts.Where(f => f.PersonId == personId && f.Reason == ScoringRules.TrainingReason).ToListAsync(ct);
        var moved = new List<ScoreFact>();
        foreach (var fact in facts)
            if (fact.MoveToUnit(await UnitOnAsync(db, personId, fact.OccurredAt, ct))) moved.Add(fact);
        if (moved.Count == 0) return;
        await credits.SettleAsync(context, SettlementScope.Of([personId], moved.Min(f => f.OccurredAt), moved.Max(f => f.OccurredAt)), ct);
    }

    /// <summary>
    /// The person's unit on the day of <paramref name="at"/> from the membership history: the current main unit if the
    /// person held it that day (or no membership at all that day, or the memberships are unknown), else the unit of the
    /// membership held that day that began last, so a person who moved is credited to the unit they were in then.
    /// </summary>
    public static async Task<Guid?> UnitOnAsync(ScoringDbContext db, Guid personId, DateTimeOffset at, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(at.ToOffset(ScoringPeriod.BeijingOffset).DateTime);
        var main = await db.Persons.AsNoTracking().Where(p => p.PersonId == personId).Select(p => p.UnitId).FirstOrDefaultAsync(ct);
        var held = await db.Memberships.AsNoTracking()
            .Where(m => m.PersonId == personId && m.StartsOn <= day && (m.EndsOn == null || m.EndsOn >= day))
            .OrderByDescending(m => m.StartsOn).ThenBy(m => m.UnitId).Select(m => m.UnitId).ToListAsync(ct);
        return held.Count == 0 || (main is { } unit && held.Contains(unit)) ? main : held[0];
    }
}
