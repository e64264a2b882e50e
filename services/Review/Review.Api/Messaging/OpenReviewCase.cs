using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;

namespace SheqingMinyi.Review.Messaging;

/// <summary>A submitted item opens a review case; a resubmitted one reopens its returned case. An item already
/// withdrawn (its SubmissionWithdrawn came first) opens withdrawn.</summary>
public sealed class OpenReviewCase(ReviewDbContext db, TimeProvider clock) : IEventHandler<SubmissionSubmitted>
{
    public async Task HandleAsync(SubmissionSubmitted e, EventContext context, CancellationToken ct)
    {
        await SubmissionLock.TakeAsync(db, e.SubmissionId, ct);
        var now = clock.GetUtcNow();
        var existing = await db.Cases.FirstOrDefaultAsync(c => c.SubmissionId == e.SubmissionId, ct);
        var edited = await db.ContentVersions.AsNoTracking().FirstOrDefaultAsync(v => v.SubmissionId == e.SubmissionId, ct);
        if (existing is not null)
        {
            existing.Reopen(e, now);
            if (edited is not null) existing.SeeContentVersion(edited.ContentVersion, now);
            return;
        }
        // A new case follows the workflow the tenant runs now, whatever changes later.
        var opened = ReviewCase.Open(context.TenantId, e, now, (await db.CurrentWorkflowAsync(ct)).Version);
        if (await db.Withdrawals.AsNoTracking().FirstOrDefaultAsync(w => w.SubmissionId == e.SubmissionId, ct) is { } withdrawal)
            opened.Withdraw(withdrawal.WithdrawnAt, now);
        if (edited is not null) opened.SeeContentVersion(edited.ContentVersion, now); // an edit consumed before the submission
        db.Cases.Add(opened);
    }
}

/// <summary>
/// A withdrawn item's case is closed as withdrawn, whatever its state. The withdrawal is recorded first, so a case
/// opened later (the submission arriving after the withdrawal) opens withdrawn. Redeliveries change nothing.
/// </summary>
public sealed class CloseWithdrawnCase(ReviewDbContext db, TimeProvider clock, ILogger<CloseWithdrawnCase> logger) : IEventHandler<SubmissionWithdrawn>
{
    public async Task HandleAsync(SubmissionWithdrawn e, EventContext context, CancellationToken ct)
    {
        await SubmissionLock.TakeAsync(db, e.SubmissionId, ct);
        var now = clock.GetUtcNow();
        if (!await db.Withdrawals.AnyAsync(w => w.SubmissionId == e.SubmissionId, ct))
            db.Withdrawals.Add(SubmissionWithdrawal.Record(context.TenantId, e.SubmissionId, e.Reason, e.WithdrawnAt, now));
        var reviewCase = await db.Cases.FirstOrDefaultAsync(c => c.SubmissionId == e.SubmissionId, ct);
        if (reviewCase is null)
            logger.LogInformation("Submission {Id} withdrawn before its case opened; the case will open withdrawn", e.SubmissionId);
        else
            reviewCase.Withdraw(e.WithdrawnAt, now);
    }
}

/// <summary>
/// The submission's events are handled one at a time (a transaction-scoped advisory lock on its id): a withdrawal and
/// the submission that opens the case, consumed at once from their two streams, would otherwise miss each other.
/// </summary>
public static class SubmissionLock
{
    public static Task TakeAsync(ReviewDbContext db, Guid submissionId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({"review.submission:" + submissionId}))", ct);
}
