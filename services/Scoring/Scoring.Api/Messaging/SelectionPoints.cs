using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Leaderboards;

namespace SheqingMinyi.Scoring.Messaging;

/// <summary>
/// 入选优秀选编: each item of a published excellent selection earns its authors <see cref="Points"/> × their share,
/// credited to the item's unit. The ledger stays append-only: an entry per person and item (source) under the reason,
/// so a replayed or republished event, or the item in a second selection, adds nothing.
/// </summary>
public sealed class SelectionPoints(ScoringDbContext db, LeaderboardStore leaderboards, TimeProvider clock) : IEventHandler<ExcellentSelectionPublished>
{
    public const decimal Points = 3m;
    public const string Reason = "入选优秀选编";

    public async Task HandleAsync(ExcellentSelectionPublished e, EventContext context, CancellationToken ct)
    {
        var itemIds = e.Items.Select(i => i.SubmissionId).ToList();
        var credited = (await db.Ledger.AsNoTracking().Where(l => l.Reason == Reason && itemIds.Contains(l.SourceId))
            .Select(l => new { l.PersonId, l.SourceId }).ToListAsync(ct)).Select(l => (l.PersonId, l.SourceId)).ToHashSet();
        var occurredAt = e.PublishedAt.ToUniversalTime(); // timestamptz takes UTC only
        foreach (var item in e.Items)
        {
            var unitId = item.Units.OrderByDescending(u => u.Share).Select(u => (Guid?)u.UnitId).FirstOrDefault();
            foreach (var author in item.Authors)
            {
                if (!credited.Add((author.PersonId, item.SubmissionId))) continue;
                var entry = LedgerEntry.Credit(context.TenantId, author.PersonId, unitId, Reason, item.SubmissionId,
                    Math.Round(Points * author.Share, 2), ScoringRules.Default.Version, occurredAt, clock.GetUtcNow(), context.TraceId);
                db.Ledger.Add(entry);
                context.OnCommitted(token => leaderboards.ApplyAsync(db, entry.TenantId, entry.PersonId, entry.OccurredAt, token));
            }
        }
    }
}

public static class SelectionPointsRegistration
{
    public static IHostApplicationBuilder AddSelectionPoints(this IHostApplicationBuilder builder) =>
        builder.AddEventHandler<ExcellentSelectionPublished, SelectionPoints>();
}
