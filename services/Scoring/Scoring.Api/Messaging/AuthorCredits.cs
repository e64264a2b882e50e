using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Leaderboards;
using SheqingMinyi.Scoring.Ledger;
using SheqingMinyi.Scoring.Rankings;

namespace SheqingMinyi.Scoring.Messaging;

/// <summary>
/// Keeps what an event says as facts (one per person, reason and source: a replayed or republished event, or the
/// source twice in one event, adds nothing), then settles the ledger for those sources under the tenant's rules
/// (<see cref="LedgerSettlement"/>): a fact arriving late (an adoption before its submission, a withdrawal before
/// either) re-prices what it touches, so the end state does not depend on the order. Boards follow the commit.
/// </summary>
public sealed class AuthorCredits(ScoringDbContext db, LeaderboardStore leaderboards, RankingStore rankings, TimeProvider clock)
{
    /// <summary>Before reading facts: the tenant's settlements run one at a time (the lock lasts until the commit).</summary>
    public Task LockAsync(EventContext context, CancellationToken ct) => LedgerSettlement.LockTenantAsync(db, context.TenantId, ct);

    public async Task CreditAsync(EventContext context, IEnumerable<AuthorShare> authors, Guid? unitId, string reason, Guid sourceId,
        Guid? itemId, DateTimeOffset occurredAt, CancellationToken ct, Guid? solicitationId = null, string? trainingKind = null,
        decimal? hours = null)
    {
        await LockAsync(context, ct);
        var known = (await db.Facts.AsNoTracking().Where(f => f.Reason == reason && f.SourceId == sourceId).Select(f => f.PersonId).ToListAsync(ct))
            .ToHashSet();
        foreach (var author in authors)
        {
            if (author.PersonId == Guid.Empty || !known.Add(author.PersonId)) continue;
            db.Facts.Add(ScoreFact.Of(context.TenantId, author.PersonId, reason, sourceId, itemId, unitId, author.Share, occurredAt,
                solicitationId, trainingKind, hours));
        }
        await SettleAsync(context, [sourceId], occurredAt, ct);
    }

    /// <summary>
    /// An attendance change (recorded, corrected or removed) for one person and source: the fact keeps the change with
    /// the highest version (a removal arriving before the check-in it takes back leaves a removed fact the check-in
    /// cannot revive), then the source is settled, booking a correcting entry when the price moved.
    /// </summary>
    public async Task KeepAttendanceAsync(EventContext context, Guid personId, Guid? unitId, Guid sourceId, DateTimeOffset occurredAt, int version,
        bool removed, string? trainingKind, decimal? hours, CancellationToken ct)
    {
        await LockAsync(context, ct);
        var fact = await db.Facts.FirstOrDefaultAsync(f => f.Reason == ScoringRules.TrainingReason && f.SourceId == sourceId && f.PersonId == personId, ct);
        if (fact is null)
            db.Facts.Add(fact = ScoreFact.Of(context.TenantId, personId, ScoringRules.TrainingReason, sourceId, null, unitId, 1, occurredAt,
                trainingKind: removed ? null : trainingKind, hours: removed ? null : hours, sourceVersion: version, removed: removed));
        else if (!fact.ApplyAttendance(version, removed, trainingKind, hours))
            return;
        await SettleAsync(context, [sourceId], fact.OccurredAt, ct);
    }

    /// <summary>A fact about an item rather than a person (withdrawn, rejected), kept once.</summary>
    public async Task MarkAsync(EventContext context, string marker, Guid submissionId, DateTimeOffset occurredAt, CancellationToken ct)
    {
        await LockAsync(context, ct);
        if (!await db.Facts.AnyAsync(f => f.Reason == marker && f.SourceId == submissionId && f.PersonId == Guid.Empty, ct))
            db.Facts.Add(ScoreFact.Of(context.TenantId, Guid.Empty, marker, submissionId, submissionId, null, 0, occurredAt));
        await SettleAsync(context, [submissionId], occurredAt, ct);
    }

    private async Task SettleAsync(EventContext context, IReadOnlyCollection<Guid> sources, DateTimeOffset at, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await SettleAsync(context, await LedgerSettlement.ScopeOfSourcesAsync(db, sources, at, ct), ct);
    }

    /// <summary>Saves the facts changed so far and settles the scope (callers hold <see cref="LockAsync"/>); boards follow the commit.</summary>
    public async Task SettleAsync(EventContext context, SettlementScope scope, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        if (scope.Persons is { Count: 0 }) return;
        var months = await LedgerSettlement.SettleAsync(db, context.TenantId, scope, clock.GetUtcNow(), context.TraceId, ct);
        // A 0-point entry changes no total: applying it would only put a person with no points on the boards (the
        // rebuild leaves such persons off too, LedgerTotals).
        foreach (var month in months.Where(m => m.Moved))
            context.OnCommitted(token => leaderboards.ApplyAsync(db, context.TenantId, month.PersonId, month.At, token));
        if (months.Any(m => m.Moved)) context.OnCommitted(_ => rankings.InvalidateAsync(context.TenantId));
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
