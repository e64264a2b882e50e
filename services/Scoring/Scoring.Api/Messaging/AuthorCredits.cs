using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Leaderboards;

namespace SheqingMinyi.Scoring.Messaging;

/// <summary>
/// Books an item's points to its authors, each points × their share, all under the item's unit (so the unit's
/// entries add up to the item's full points). The ledger stays append-only: one entry per person, reason and source,
/// so a replayed or republished event, or the source twice in one event, adds nothing. Leaderboards follow the commit.
/// </summary>
public sealed class AuthorCredits(ScoringDbContext db, LeaderboardStore leaderboards, TimeProvider clock)
{
    public async Task CreditAsync(EventContext context, IEnumerable<AuthorShare> authors, Guid? unitId, string reason, Guid sourceId,
        decimal points, DateTimeOffset occurredAt, CancellationToken ct)
    {
        // Entries added earlier in this event are not in the database yet: Local has them.
        var credited = (await db.Ledger.AsNoTracking().Where(l => l.Reason == reason && l.SourceId == sourceId).Select(l => l.PersonId).ToListAsync(ct))
            .Concat(db.Ledger.Local.Where(l => l.Reason == reason && l.SourceId == sourceId).Select(l => l.PersonId)).ToHashSet();
        foreach (var author in authors)
        {
            if (author.PersonId == Guid.Empty || !credited.Add(author.PersonId)) continue;
            // timestamptz takes UTC only; producers may stamp an offset
            var entry = LedgerEntry.Credit(context.TenantId, author.PersonId, unitId, reason, sourceId, Math.Round(points * author.Share, 2),
                ScoringRules.Default.Version, occurredAt.ToUniversalTime(), clock.GetUtcNow(), context.TraceId);
            db.Ledger.Add(entry);
            // A 0-point entry (a fact the rules do not price yet, e.g. 金点子) changes no total: applying it would only
            // put a person with no points on the boards. The rebuild leaves such persons off too (LedgerTotals).
            if (entry.Points != 0)
                context.OnCommitted(token => leaderboards.ApplyAsync(db, entry.TenantId, entry.PersonId, entry.OccurredAt, token));
        }
    }

    /// <summary>The authors an event names; an event from before co-authors names only its lead, who had the whole item.
    /// A forwarded copy (下级转报) names nobody (lead Guid.Empty, no authors): it credits no one here.</summary>
    public static IReadOnlyList<AuthorShare> AuthorsOf(IReadOnlyList<AuthorShare>? authors, Guid lead) =>
        authors is { Count: > 0 } ? authors : lead == Guid.Empty ? [] : [Whole(lead)];

    /// <summary>A person who earns the whole of something (a training attended, a single-author item).</summary>
    public static AuthorShare Whole(Guid personId) => new(personId, 1, 1m);

    /// <summary>The unit an item's entries name: the one with the largest share (today the submitting unit), else the fallback.</summary>
    public static Guid? UnitOf(IReadOnlyList<UnitShare>? units, Guid? fallback = null) =>
        units?.OrderByDescending(u => u.Share).Select(u => (Guid?)u.UnitId).FirstOrDefault() ?? fallback;
}
