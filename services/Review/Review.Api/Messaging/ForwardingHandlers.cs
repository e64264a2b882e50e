using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;

namespace SheqingMinyi.Review.Messaging;

/// <summary>
/// 转报, parent side: when this tenant adopts (at any level) or rejects a copy forwarded from a child body, the decision
/// is handed back to that child (<see cref="HandOff{TContext}"/>, only to a child naming this tenant as parent). Review
/// reads its own outcome events for it, so the hand-off is retried like any consumer; the child applies it once.
/// </summary>
public sealed class HandDecisionBack(ReviewDbContext db, HandOff<ReviewDbContext> handOff)
    : IEventHandler<SubmissionAdopted>, IEventHandler<SubmissionRejected>
{
    public async Task HandleAsync(SubmissionAdopted e, EventContext context, CancellationToken ct)
    {
        // The parent's own-body adoption is the decision on the copy; higher levels of the copy stay the parent's.
        if (e.Level != AdoptionLevel.OwnBody || await ForwardedCopyAsync(e.SubmissionId, ct) is not { } copy) return;
        var comment = copy.Decisions.Where(d => d.Action == DecisionAction.Adopt).OrderBy(d => d.DecidedAt).LastOrDefault()?.Comment;
        await HandBackAsync(context, copy, true, e.AdoptedAt, comment, ct);
    }

    public async Task HandleAsync(SubmissionRejected e, EventContext context, CancellationToken ct)
    {
        if (await ForwardedCopyAsync(e.SubmissionId, ct) is not { } copy) return;
        await HandBackAsync(context, copy, false, e.RejectedAt, e.Comment, ct);
    }

    private Task<ReviewCase?> ForwardedCopyAsync(Guid submissionId, CancellationToken ct) =>
        db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.SubmissionId == submissionId && c.OriginTenantId != null, ct);

    private async Task HandBackAsync(EventContext context, ReviewCase copy, bool adopted, DateTimeOffset at, string? comment, CancellationToken ct)
    {
        var self = await TenantDirectory.FindAsync(db, context.TenantId, ct);
        await handOff.AddEventForChildAsync(db, context.TenantId, copy.OriginTenantId!, new ForwardedItemDecided(copy.OriginSubmissionId!.Value,
            context.TenantId, self?.Name ?? context.TenantId, adopted, BodyCalendar.Today(at), comment), ct);
    }
}

/// <summary>
/// 转报, origin side: the parent's decision on an item forwarded from here. Adopted: the forwarding shows it, and the
/// original item gets its parent-body adoption (上级采用), crediting its own authors and unit. Rejected: the forwarding
/// shows not-adopted, nobody is credited. Applied once per outcome (the forwarding's status), whatever the repeats.
/// </summary>
public sealed class ApplyParentDecision(ReviewDbContext db, TimeProvider clock, ILogger<ApplyParentDecision> logger)
    : IEventHandler<ForwardedItemDecided>
{
    public async Task HandleAsync(ForwardedItemDecided e, EventContext context, CancellationToken ct)
    {
        await SubmissionLock.TakeAsync(db, e.OriginSubmissionId, ct);
        var forwarding = await db.Forwardings.FirstOrDefaultAsync(f => f.SubmissionId == e.OriginSubmissionId, ct);
        if (forwarding is null || forwarding.ParentTenantId != e.ParentTenantId)
        {
            logger.LogWarning("Decision of {Parent} on {Id}, which was not forwarded there, ignored", e.ParentTenantId, e.OriginSubmissionId);
            return;
        }
        var now = clock.GetUtcNow();
        if (!forwarding.Decide(e.Adopted, e.DecidedOn, e.Comment, now)) return;
        var reviewCase = await db.Cases.FirstAsync(c => c.Id == forwarding.CaseId, ct);
        reviewCase.Touch(now);
        if (!e.Adopted) return;
        // Onto the original's ladder like every adoption, so the parent-body level is recorded and credited once.
        var recorded = await AdoptionLadder.RecordAsync(db, reviewCase, AdoptionLevel.ParentBody, AdoptionSource.Forwarded, e.DecidedOn, now,
            publicationName: e.ParentTenantName, ct: ct);
        if (recorded.Error is not null)
            logger.LogWarning("Parent-body adoption of {Id} by {Parent} already on its ladder", e.OriginSubmissionId, e.ParentTenantId);
    }
}

public static class ForwardingRegistration
{
    public static IHostApplicationBuilder AddForwardingHandlers(this IHostApplicationBuilder builder) => builder
        .AddEventHandler<SubmissionAdopted, HandDecisionBack>()
        .AddEventHandler<SubmissionRejected, HandDecisionBack>()
        .AddEventHandler<ForwardedItemDecided, ApplyParentDecision>();
}
