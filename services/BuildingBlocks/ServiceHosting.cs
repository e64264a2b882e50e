using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Hosting;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Security;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using StackExchange.Redis;

namespace SheqingMinyi.BuildingBlocks;

/// <summary>What every service wires the same way: its database, Redis, tenancy, authentication and authorization, the outbox relay and its consumer.</summary>
public static class ServiceHosting
{
    public static IHostApplicationBuilder AddServicePlatform<TContext>(this IHostApplicationBuilder builder, string serviceName, string databaseName)
        where TContext : DbContext
    {
        builder.AddServiceHost<TContext>(serviceName, databaseName);
        builder.AddPlatformTokenValidation(serviceName);
        builder.AddOutboxPublishing(serviceName, databaseName);
        builder.AddEventConsuming<TContext>();
        return builder;
    }

    /// <summary>The consuming side, after <see cref="AddOutboxPublishing"/>: the service's consumer group reads the
    /// streams of the events it has handlers for (<see cref="AddEventHandler{TEvent,THandler}"/>), through the inbox.</summary>
    public static IHostApplicationBuilder AddEventConsuming<TContext>(this IHostApplicationBuilder builder) where TContext : DbContext
    {
        // Events are applied only for tenants identity announced; the announcements are consumed by every service
        // (identity too, its own: they fill its known_tenants like anyone's).
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<KnownTenants>();
        builder.AddEventHandler<TenantRegistered, RecordKnownTenant<TContext>>();
        builder.Services.AddSingleton<HandOff<TContext>>(); // cross-tenant hand-offs along the directory's parent links
        builder.Services.TryAddSingleton<EventSubscriptions>();
        builder.Services.AddSingleton<EventProcessor<TContext>>();
        builder.Services.AddHostedService<StreamConsumer<TContext>>();
        builder.Services.AddSingleton<StreamTrimmer>();
        builder.Services.AddHostedService<StreamTrimWorker>();
        return builder;
    }

    /// <summary>The outbox relay alone (a service consuming events adds <see cref="AddEventConsuming{TContext}"/>): Redis, the
    /// plain data source for LISTEN/NOTIFY, the relay, and the pruning of published messages.</summary>
    public static IHostApplicationBuilder AddOutboxPublishing(this IHostApplicationBuilder builder, string serviceName, string databaseName)
    {
        // A plain data source for the relay's LISTEN/NOTIFY and SKIP LOCKED queries, the messaging retention and the
        // operator's outbox API: work across tenants, so the owner's login. The DbContext already has a health check.
        builder.AddNpgsqlDataSource(DatabaseLogins.OwnerName(databaseName), settings => settings.DisableHealthChecks = true);
        // Redis down degrades the service but keeps it ready: the outbox absorbs events until Redis is back.
        builder.AddRedisClient(ResourceNames.Redis, settings => settings.DisableHealthChecks = true);
        builder.Services.AddHealthChecks().AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), "redis",
            HealthStatus.Degraded, timeout: TimeSpan.FromSeconds(3));

        builder.Services.AddOptions<MessagingOptions>()
            .Bind(builder.Configuration.GetSection("Messaging"))
            .PostConfigure(o => o.ConsumerGroup = string.IsNullOrEmpty(o.ConsumerGroup) ? serviceName : o.ConsumerGroup);
        // Registration order is start order: migrated (by AddServiceHost, before this) first, then relay and consume.
        builder.Services.AddSingleton<IEventTransport, RedisStreamTransport>();
        builder.Services.AddSingleton<OutboxRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        builder.AddRetentionTask<MessagingRetention>();
        return builder;
    }

    /// <summary>
    /// What every service shares, messaging aside (identity adds the relay and the consumer itself): service defaults,
    /// its database migrated before anything else starts, OpenAPI, authorization closed by default (the
    /// fallback policy wants a signed-in caller), and the pruning of expired idempotency keys. The service adds how it authenticates callers. The API document
    /// describes it as partners reach it, under the gateway at /api/{<paramref name="serviceName"/>}.
    /// </summary>
    public static IHostApplicationBuilder AddServiceHost<TContext>(this IHostApplicationBuilder builder, string serviceName, string databaseName)
        where TContext : DbContext
    {
        builder.AddServiceDefaults();
        builder.Services.AddHostedService<StartupTimelineService>(); // first hosted service: marks the host built
        builder.AddServiceDatabase<TContext>(databaseName);
        builder.Services.AddPlatformOpenApi(serviceName);
        builder.Services.AddPlatformAuthorization();
        builder.AddIdempotency<TContext>();
        return builder;
    }

    /// <summary>
    /// The service's own database: an EF context under row security, migrated (and demo-seeded) before anything else
    /// starts. Two logins (<see cref="DatabaseLogins"/>): the application's, ConnectionStrings:{db}, and the owner's,
    /// ConnectionStrings:{db}-owner, which only migrations and <see cref="TenantContext.RunAsOwner"/> scopes use.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string databaseName)
        where TContext : DbContext
    {
        builder.Services.TryAddScoped<TenantContext>();
        builder.Services.TryAddSingleton(sp => DatabaseLogins.FromConfiguration(sp.GetRequiredService<IConfiguration>(), databaseName));
        builder.Services.TryAddScoped<TenantSessionInterceptor>();
        // Not pooled: a context holds the scope's TenantContext, which a pooled (root-created) context cannot.
        builder.Services.AddDbContext<TContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<DatabaseLogins>().Application).UseSnakeCaseNamingConvention()
            .AddInterceptors(services.GetRequiredService<TenantSessionInterceptor>()));
        builder.EnrichNpgsqlDbContext<TContext>();
        builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<DatabaseMigrator<TContext>>(sp, databaseName));
        return builder;
    }

    public static IHostApplicationBuilder AddEventHandler<TEvent, THandler>(this IHostApplicationBuilder builder)
        where THandler : class, IEventHandler<TEvent>
    {
        builder.Services.AddScoped<THandler>();
        var subscriptions = builder.Services.Select(d => d.ImplementationInstance).OfType<EventSubscriptions>().FirstOrDefault();
        if (subscriptions is null)
        {
            subscriptions = new EventSubscriptions();
            builder.Services.AddSingleton(subscriptions);
        }
        subscriptions.Add<TEvent, THandler>();
        return builder;
    }

    public static IHostApplicationBuilder AddDemoData<TContext, TSeeder>(this IHostApplicationBuilder builder)
        where TContext : DbContext where TSeeder : class, IDemoDataSeeder<TContext>
    {
        builder.Services.AddScoped<IDemoDataSeeder<TContext>, TSeeder>();
        return builder;
    }

    /// <summary>The request pipeline every service shares, around its own endpoint groups.</summary>
    public static WebApplication UseServicePlatform<TContext>(this WebApplication app) where TContext : DbContext
    {
        app.UseServiceHost<TContext>();
        app.MapDeadLetterApi<TContext>();
        app.MapOutboxAdminApi<TContext>();
        return app;
    }

    /// <summary>The pipeline of <see cref="AddServiceHost{TContext}"/>: errors, authentication, the token's tenant, denial audit, authorization, idempotency keys, health, API document, audit trail.</summary>
    public static WebApplication UseServiceHost<TContext>(this WebApplication app) where TContext : DbContext
    {
        app.UseProblemDetailsErrors();
        app.UseAuthentication();
        app.UseTenantFromToken();
        app.UseDenialAudit<TContext>();
        app.UseAuthorization();
        app.UseIdempotency<TContext>();
        app.MapDefaultEndpoints();
        app.MapOpenApi().AllowAnonymous();
        app.MapAuditApi<TContext>();
        return app;
    }
}
