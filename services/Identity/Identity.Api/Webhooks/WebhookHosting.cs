using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.Identity.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Security;

namespace SheqingMinyi.Identity.Webhooks;

public static class WebhookHosting
{
    /// <summary>The catalogue (each event type on identity's consumer group, fanned out to endpoints), the address guard,
    /// the secrets and the sender. After <see cref="PersonDirectory.AddPersonDirectory"/>, which sets up the consumer.</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section));
        var catalogue = new WebhookCatalogue();
        void Event<TEvent>(string scope, Func<TEvent, object?> data, Func<TEvent, IEnumerable<Guid>>? departments = null) where TEvent : notnull
        {
            catalogue.Add(scope, data, departments);
            builder.AddEventHandler<TEvent, FanOutWebhooks<TEvent>>();
        }

        // A 主席直通车 item is read only by the persons it names (review answers anyone else 404), so none of its events
        // leave the platform. Intake: a copy forwarded up from a child body keeps its origin (another tenant's item) to itself.
        Event<SubmissionSubmitted>(PlatformScopes.IntakeRead, e => e.RestrictedTo is null ? e with { Origin = null } : null);
        Event<SubmissionWithdrawn>(PlatformScopes.IntakeRead, e => e.Restricted ? null : e);
        // Review.
        Event<SubmissionAdopted>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e);
        Event<SubmissionReturned>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e);
        Event<SubmissionRejected>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e);
        Event<LeaderInstructionRecorded>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e);
        // 交办 / 督办: a department's own endpoint gets those that name it as lead or co-handling (a transfer also the lead
        // that asked), never another department's.
        Event<HandlingAssigned>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e, e => [e.Lead.DepartmentId, .. e.CoHandling.Select(d => d.DepartmentId)]);
        Event<HandlingStatusChanged>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e,
            e => [e.Lead.DepartmentId, .. e.CoDepartmentIds ?? [], .. e.PreviousLead is { } p ? [p.DepartmentId] : Array.Empty<Guid>()]);
        Event<HandlingReplied>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e, e => [e.Lead.DepartmentId, .. e.CoDepartmentIds ?? []]);
        Event<HandlingRated>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e);
        Event<HandlingReminderDue>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e, e => [e.Lead.DepartmentId, .. e.CoDepartmentIds ?? []]);
        Event<HandlingOverdue>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e, e => [e.Lead.DepartmentId, .. e.CoDepartmentIds ?? []]);
        // Training and scoring.
        Event<AttendanceRecorded>(PlatformScopes.TrainingRead, e => e);
        Event<PointsCredited>(PlatformScopes.ScoringRead, e => e);
        Event<PointsRecomputed>(PlatformScopes.ScoringRead, e => e);

        builder.Services.AddSingleton(catalogue);
        builder.Services.AddSingleton<WebhookAddressGuard>();
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
        builder.AddRetentionTask<WebhookLogPruning>();
        return builder;
    }
}
