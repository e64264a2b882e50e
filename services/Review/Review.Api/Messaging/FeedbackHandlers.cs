using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain.Feedback;

namespace SheqingMinyi.Review.Messaging;

/// <summary>
/// 督促提醒 as scoring announces it: a person behind their quota for the month. Scoring owns the event; this is the
/// contract review reads (events are matched by type name), until it lands in IntegrationEvents with scoring's change.
/// QuotaKind: adopted 被采用 or submitted 报送.
/// </summary>
public sealed record QuotaReminderDue(string TenantId, Guid PersonId, int Year, int Month, string QuotaKind, int Required, int Done);

/// <summary>
/// Other services' events that reach a writer's inbox: a solicitation's invitation (约稿邀请, to the persons it names and
/// the persons of the units it targets, as review's people directory knows them) and scoring's quota reminder. Applied in
/// the inbox transaction, so a redelivered event adds nothing; one row per person and event (unique index) besides.
/// </summary>
public sealed class FeedbackHandlers(ReviewDbContext db, TimeProvider clock, ILogger<FeedbackHandlers> logger)
    : IEventHandler<SolicitationIssued>, IEventHandler<QuotaReminderDue>
{
    public async Task HandleAsync(SolicitationIssued e, EventContext context, CancellationToken ct)
    {
        // The invitation goes out once, with version 1; later versions (a new deadline, closing) change no inbox.
        if (e.Version != 1 || e.ClosedAt is not null) return;
        var units = e.TargetUnitIds ?? [];
        var unitPersons = units.Count == 0 ? [] : await db.Set<DirectoryPerson>().AsNoTracking()
            .Where(p => p.UnitId != null && units.Contains(p.UnitId.Value) && p.DeactivatedAt == null)
            .Select(p => p.PersonId).ToListAsync(ct);
        var invitees = (e.TargetPersonIds ?? []).Concat(unitPersons).Where(p => p != Guid.Empty).Distinct().ToList();
        var bonus = e.Bonus > 0 ? $"，被采用可另加 {e.Bonus:0.##} 分" : "";
        var note = new FeedbackNote("solicitation-invited", "约稿邀请", $"您收到约稿《{e.Title}》，请于 {e.Deadline:yyyy年M月d日} 前报送{bonus}。",
            invitees, null, FeedbackItemType.Solicitation, e.SolicitationId, $"/api/intake/solicitations/{e.SolicitationId}", e.IssuedAt);
        await FeedbackInbox.DeliverAsync(db, context.TenantId, note, context.EventId, clock.GetUtcNow(), ct);
    }

    public async Task HandleAsync(QuotaReminderDue e, EventContext context, CancellationToken ct)
    {
        if (e.TenantId != context.TenantId)
        {
            logger.LogWarning("Quota reminder naming tenant {Named} arrived for {Tenant}; ignored", e.TenantId, context.TenantId);
            return;
        }
        var what = e.QuotaKind switch { "adopted" => "被采用", "submitted" => "报送", var other => other };
        var note = new FeedbackNote("quota-reminder", "任务进度提醒",
            $"{e.Year}年{e.Month}月：您的信息{what}任务要求 {e.Required} 篇，目前完成 {e.Done} 篇，请抓紧。",
            [e.PersonId], null, FeedbackItemType.Quota, null, null, context.OccurredAt);
        await FeedbackInbox.DeliverAsync(db, context.TenantId, note, context.EventId, clock.GetUtcNow(), ct);
    }
}

public static class FeedbackRegistration
{
    public static IHostApplicationBuilder AddFeedbackHandlers(this IHostApplicationBuilder builder) => builder
        .AddEventHandler<SolicitationIssued, FeedbackHandlers>()
        .AddEventHandler<QuotaReminderDue, FeedbackHandlers>();
}
