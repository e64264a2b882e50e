using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;

namespace SheqingMinyi.Review.Messaging;

/// <summary>
/// 润色: an editor's new version of the text raises the case's ContentVersion to the highest seen. Only ever upward,
/// so a redelivery or an older edit arriving late changes nothing. The highest version is also kept per submission,
/// so an edit consumed before the submission that opens the case (two streams) still counts when it opens.
/// </summary>
public sealed class ContentVersionHandler(ReviewDbContext db, TimeProvider clock) : IEventHandler<SubmissionEdited>
{
    public async Task HandleAsync(SubmissionEdited e, EventContext context, CancellationToken ct)
    {
        await SubmissionLock.TakeAsync(db, e.SubmissionId, ct);
        var seen = await db.ContentVersions.FirstOrDefaultAsync(v => v.SubmissionId == e.SubmissionId, ct);
        if (seen is null) db.ContentVersions.Add(SubmissionContentVersion.Record(context.TenantId, e.SubmissionId, e.ContentVersion));
        else seen.Raise(e.ContentVersion);
        var reviewCase = await db.Cases.FirstOrDefaultAsync(c => c.SubmissionId == e.SubmissionId, ct);
        reviewCase?.SeeContentVersion(e.ContentVersion, clock.GetUtcNow());
    }
}
