using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain.Feedback.Proofs;

namespace SheqingMinyi.Review.Messaging;

/// <summary>
/// Keeps which issue of the body's publication carried each item, for the adoption proof's 刊发载体. In the inbox's
/// transaction (a redelivery adds nothing); an issue already recorded for an item is skipped (the unique index backs it up).
/// </summary>
public sealed class RecordPublication(ReviewDbContext db) : IEventHandler<PublicationIssuePublished>
{
    public async Task HandleAsync(PublicationIssuePublished e, EventContext context, CancellationToken ct)
    {
        var items = e.Items.Where(i => i.SubmissionId != Guid.Empty).DistinctBy(i => i.SubmissionId).ToList();
        var ids = items.Select(i => i.SubmissionId).ToList();
        var known = await db.ItemPublications.Where(p => p.IssueId == e.IssueId && ids.Contains(p.SubmissionId)).Select(p => p.SubmissionId).ToListAsync(ct);
        var title = e.Title.Length <= ItemPublication.TitleMaxLength ? e.Title : e.Title[..ItemPublication.TitleMaxLength];
        foreach (var item in items.Where(i => !known.Contains(i.SubmissionId)))
            db.ItemPublications.Add(new ItemPublication
            {
                TenantId = context.TenantId, SubmissionId = item.SubmissionId, IssueId = e.IssueId, IssueTitle = title, Order = item.Order,
                PublishedAt = e.PublishedAt,
            });
    }
}
