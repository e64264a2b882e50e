using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Messaging;

/// <summary>Review's decisions, reflected on the submission so its writer sees where it stands.</summary>
public sealed class ReviewOutcomeHandlers(IntakeDbContext db, ILogger<ReviewOutcomeHandlers> logger) :
    IEventHandler<SubmissionAdopted>, IEventHandler<SubmissionReturned>, IEventHandler<SubmissionRejected>
{
    public async Task HandleAsync(SubmissionAdopted e, EventContext context, CancellationToken ct) =>
        Stale(e, await FindAsync(e.SubmissionId, ct) is { } s && !s.MarkAdopted(Kebab(e.Level), e.AdoptedAt, e.Sequence), e.Sequence);

    public async Task HandleAsync(SubmissionReturned e, EventContext context, CancellationToken ct) =>
        Stale(e, await FindAsync(e.SubmissionId, ct) is { } s && !s.MarkReturned(e.Comment, e.ReturnedAt, e.Sequence), e.Sequence);

    public async Task HandleAsync(SubmissionRejected e, EventContext context, CancellationToken ct) =>
        Stale(e, await FindAsync(e.SubmissionId, ct) is { } s && !s.MarkNotAdopted(e.Comment, e.RejectedAt, e.Sequence), e.Sequence);

    /// <summary>An outcome older than one already applied arrived late: it is consumed, and changes no state.</summary>
    private void Stale(object e, bool stale, int sequence)
    {
        if (stale) logger.LogInformation("Stale review outcome {Type} (sequence {Sequence}) left the submission as it was", e.GetType().Name, sequence);
    }

    private async Task<Domain.Submission?> FindAsync(Guid id, CancellationToken ct)
    {
        var submission = await db.Submissions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) logger.LogWarning("Review outcome for unknown submission {Id} ignored", id);
        return submission;
    }

    private static string Kebab(AdoptionLevel level) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(level.ToString());
}

public static class ReviewOutcomeRegistration
{
    public static IHostApplicationBuilder AddReviewOutcomeHandlers(this IHostApplicationBuilder builder) => builder
        .AddEventHandler<SubmissionAdopted, ReviewOutcomeHandlers>()
        .AddEventHandler<SubmissionReturned, ReviewOutcomeHandlers>()
        .AddEventHandler<SubmissionRejected, ReviewOutcomeHandlers>();
}
