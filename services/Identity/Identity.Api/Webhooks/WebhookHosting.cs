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
        void Event<TEvent>(string scope, Func<TEvent, object?> data) where TEvent : notnull
        {
            catalogue.Add(scope, data);
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
        Event<HandlingAssigned>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e);
        Event<HandlingStatusChanged>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e);
        Event<HandlingReplied>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e);
        Event<HandlingRated>(PlatformScopes.ReviewRead, e => e.Restricted ? null : e);
        // Training and scoring.
        Event<AttendanceRecorded>(PlatformScopes.TrainingRead, e => e);
        Event<PointsCredited>(PlatformScopes.ScoringRead, e => e);

        builder.Services.AddSingleton(catalogue);
        builder.Services.AddSingleton<WebhookAddressGuard>();
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
        builder.AddRetentionTask<WebhookLogPruning>();
        return builder;
    }
}
