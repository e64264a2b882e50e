using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Messaging;

/// <summary>
/// 疑似重复, computed outside the submit: intake consumes its own SubmissionSubmitted (and SubmissionEdited, an editor's
/// polish changing the text under review) and replaces the item's matches with those of its text as stored now.
/// Whatever event arrives, late or twice, the result is that of the current text: re-running is harmless and the
/// order of events does not matter. An item never submitted (a writer's draft edits) has nothing to compare.
/// </summary>
public sealed class SimilarItemsHandler(IntakeDbContext db, TimeProvider clock, ILogger<SimilarItemsHandler> logger) :
    IEventHandler<SubmissionSubmitted>, IEventHandler<SubmissionEdited>
{
    public Task HandleAsync(SubmissionSubmitted e, EventContext context, CancellationToken ct) => RecomputeAsync(e.SubmissionId, ct);

    public Task HandleAsync(SubmissionEdited e, EventContext context, CancellationToken ct) => RecomputeAsync(e.SubmissionId, ct);

    private async Task RecomputeAsync(Guid id, CancellationToken ct)
    {
        var submission = await db.Submissions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null)
        {
            logger.LogWarning("Near-duplicates of unknown submission {Id} not computed", id);
            return;
        }
        if (submission.SubmittedAt is null || submission.Status == SubmissionStatus.Draft) return;
        await SimilarItems.RecomputeAsync(db, submission, clock.GetUtcNow(), ct);
    }
}

public static class SimilarItemsRegistration
{
    public static IHostApplicationBuilder AddSimilarItemsHandler(this IHostApplicationBuilder builder) => builder
        .AddEventHandler<SubmissionSubmitted, SimilarItemsHandler>()
        .AddEventHandler<SubmissionEdited, SimilarItemsHandler>();
}
