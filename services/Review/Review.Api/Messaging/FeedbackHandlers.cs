using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain.Feedback;

namespace SheqingMinyi.Review.Messaging;

/// <summary>
/// Other services' events that reach a writer's inbox: a solicitation's invitation (约稿邀请, to the persons it names and
/// the persons of the units it targets, as review's people directory knows them; a person announced later while it is
/// open is invited by <see cref="InviteLateJoiners"/>), scoring's quota reminder and a training
/// event's change or cancellation (培训活动变更/取消, to its registrants; see <see cref="TrainingNotices"/>). Applied in
/// the inbox transaction, so a redelivered event adds nothing; one row per person and event (unique index) besides.
/// </summary>
public sealed class FeedbackHandlers(ReviewDbContext db, TimeProvider clock, ILogger<FeedbackHandlers> logger)
    : IEventHandler<SolicitationIssued>, IEventHandler<QuotaReminderDue>, IEventHandler<TrainingEventChanged>, IEventHandler<TrainingEventCancelled>
{
    public async Task HandleAsync(SolicitationIssued e, EventContext context, CancellationToken ct)
    {
        await SolicitationInvitations.LockAsync(db, context.TenantId, ct);
        // The audience is kept at its latest version, for persons announced while it is open (InviteLateJoiners).
        var solicitation = await db.SolicitationAudiences.FirstOrDefaultAsync(s => s.SolicitationId == e.SolicitationId, ct);
        if (solicitation is null)
            db.SolicitationAudiences.Add(solicitation = new SolicitationAudience { TenantId = context.TenantId, SolicitationId = e.SolicitationId });
        solicitation.Apply(e);
        // The invitation goes out with version 1 (as issued, whatever arrived before it); later versions (a new deadline,
        // closing) invite nobody already known.
        if (e.Version != 1 || e.ClosedAt is not null) return;
        var units = e.TargetUnitIds ?? [];
        var unitPersons = units.Count == 0 ? [] : await db.Set<DirectoryPerson>().AsNoTracking()
            .Where(p => p.UnitId != null && units.Contains(p.UnitId.Value) && p.DeactivatedAt == null)
            .Select(p => p.PersonId).ToListAsync(ct);
        var issued = new SolicitationAudience { TenantId = context.TenantId, SolicitationId = e.SolicitationId };
        issued.Apply(e);
        await SolicitationInvitations.InviteAsync(db, context.TenantId, issued, [.. (e.TargetPersonIds ?? []).Concat(unitPersons)],
            context.EventId, clock.GetUtcNow(), ct);
    }

    /// <summary>任务提醒: scoring found the person behind on yearly quotas in e.Month (yyyy-MM), with e.MonthsLeft to act.</summary>
    public async Task HandleAsync(QuotaReminderDue e, EventContext context, CancellationToken ct)
    {
        if (e.Behind.Count == 0) return;
        var month = DateOnly.ParseExact(e.Month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var behind = string.Join("；", e.Behind.Select(q => $"{QuotaShortfall.NameOf(q.Quota)}要求 {q.Target} 篇，目前完成 {q.Done} 篇"));
        var note = new FeedbackNote("quota-reminder", "任务进度提醒",
            $"{month.Year}年{month.Month}月：{behind}。本年还剩 {e.MonthsLeft} 个月，请抓紧。",
            [e.PersonId], null, FeedbackItemType.Quota, null, null, e.DueAt);
        await FeedbackInbox.DeliverAsync(db, context.TenantId, note, context.EventId, clock.GetUtcNow(), ct);
    }

    public async Task HandleAsync(TrainingEventChanged e, EventContext context, CancellationToken ct)
    {
        var recipients = await TrainingNotices.ToTellOfChangeAsync(db, e, ct);
        await FeedbackInbox.DeliverAsync(db, context.TenantId, TrainingNotices.Changed(e, recipients), context.EventId, clock.GetUtcNow(), ct);
    }

    public async Task HandleAsync(TrainingEventCancelled e, EventContext context, CancellationToken ct)
    {
        var recipients = await TrainingNotices.ToTellOfCancellationAsync(db, e, ct);
        await FeedbackInbox.DeliverAsync(db, context.TenantId, TrainingNotices.Cancelled(e, recipients), context.EventId, clock.GetUtcNow(), ct);
    }
}

public static class FeedbackRegistration
{
    public static IHostApplicationBuilder AddFeedbackHandlers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IPersonAnnouncementListener, InviteLateJoiners>();
        return builder.AddFeedbackEventHandlers();
    }

    private static IHostApplicationBuilder AddFeedbackEventHandlers(this IHostApplicationBuilder builder) => builder
        .AddEventHandler<SolicitationIssued, FeedbackHandlers>()
        .AddEventHandler<QuotaReminderDue, FeedbackHandlers>()
        .AddEventHandler<TrainingEventChanged, FeedbackHandlers>()
        .AddEventHandler<TrainingEventCancelled, FeedbackHandlers>();
}
