using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SheqingMinyi.BuildingBlocks.Maintenance;

/// <summary>Configuration section "Retention": how long each kind of housekeeping row is kept.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";
    /// <summary>Published outbox rows: the window an operator can republish from after a lost Redis.</summary>
    public TimeSpan PublishedOutbox { get; set; } = TimeSpan.FromDays(7);
    /// <summary>Inbox rows: a redelivery or republish older than this would be applied again.</summary>
    public TimeSpan Inbox { get; set; } = TimeSpan.FromDays(30);
    /// <summary>Dead letters an operator has replayed (unreplayed ones stay until someone acts).</summary>
    public TimeSpan ReplayedDeadLetters { get; set; } = TimeSpan.FromDays(30);
    /// <summary>Expired or revoked OAuth tokens and authorizations (identity).</summary>
    public TimeSpan InactiveTokens { get; set; } = TimeSpan.FromDays(14);
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Rows deleted per statement, so pruning never holds long locks.</summary>
    public int BatchSize { get; set; } = 5000;
}

/// <summary>One kind of housekeeping: deletes what has outlived its retention and says how much.</summary>
public interface IRetentionTask
{
    string Name { get; }
    Task<long> PruneAsync(CancellationToken ct);
}

/// <summary>Runs every registered retention task at start and then every <see cref="RetentionOptions.Interval"/>.</summary>
public sealed class RetentionWorker(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, ILogger<RetentionWorker> logger)
    : PeriodicWorker(logger)
{
    protected override TimeSpan Interval => options.Value.Interval;
    protected override string JobName => "Retention";
    protected override Task RunPassAsync(CancellationToken ct) => RunOnceAsync(ct);

    public async Task<IReadOnlyDictionary<string, long>> RunOnceAsync(CancellationToken ct)
    {
        var pruned = new Dictionary<string, long>();
        await using var scope = scopes.CreateAsyncScope();
        foreach (var task in scope.ServiceProvider.GetServices<IRetentionTask>())
        {
            try
            {
                pruned[task.Name] = await task.PruneAsync(ct);
                if (pruned[task.Name] > 0) logger.LogInformation("Retention: pruned {Count} {Name}", pruned[task.Name], task.Name);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning("Retention task {Name} failed; next pass retries: {Error}", task.Name, ex.Message);
            }
        }
        return pruned;
    }
}

public static class RetentionRegistration
{
    /// <summary>The retention worker and its options; tasks are added with <see cref="AddRetentionTask{T}"/>.</summary>
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(RetentionWorker))) return builder;
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero && o.BatchSize > 0 && o.PublishedOutbox > TimeSpan.Zero && o.Inbox > TimeSpan.Zero,
                $"{RetentionOptions.Section}: Interval, BatchSize and retention periods must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RetentionWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionWorker>());
        return builder;
    }

    public static IHostApplicationBuilder AddRetentionTask<T>(this IHostApplicationBuilder builder) where T : class, IRetentionTask
    {
        builder.AddRetention();
        builder.Services.AddScoped<IRetentionTask, T>();
        return builder;
    }
}
