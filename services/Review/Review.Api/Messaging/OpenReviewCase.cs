using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;

namespace SheqingMinyi.Review.Messaging;

/// <summary>A submitted item opens a review case; a resubmitted one reopens its returned case.</summary>
public sealed class OpenReviewCase(ReviewDbContext db, TimeProvider clock) : IEventHandler<SubmissionSubmitted>
{
    public async Task HandleAsync(SubmissionSubmitted e, EventContext context, CancellationToken ct)
    {
        var existing = await db.Cases.FirstOrDefaultAsync(c => c.SubmissionId == e.SubmissionId, ct);
        if (existing is not null)
            existing.Reopen(e, clock.GetUtcNow());
        else
            db.Cases.Add(ReviewCase.Open(context.TenantId, e, clock.GetUtcNow()));
    }
}
