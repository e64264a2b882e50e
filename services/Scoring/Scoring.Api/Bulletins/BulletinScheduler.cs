using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Bulletins;

public sealed class BulletinScheduleOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// 定期通报: each pass generates, for every tenant with ledger entries, the last finished month's, quarter's and half
/// year's bulletin unless the schedule already stored it (<see cref="BulletinGeneration.GenerateScheduledAsync"/>).
/// </summary>
public sealed class BulletinScheduler(IServiceScopeFactory scopes, TimeProvider clock, IOptions<BulletinScheduleOptions> options,
    ILogger<BulletinScheduler> logger) : PeriodicWorker(logger, clock)
{
    protected override TimeSpan Interval => options.Value.Interval;
    protected override bool Enabled => options.Value.Enabled;
    protected override string JobName => "Scheduled bulletins";
    protected override Task RunPassAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>One pass; answers how many bulletins it stored.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<string> tenants;
        await using (var owner = scopes.CreateAsyncScope())
        {
            owner.ServiceProvider.GetRequiredService<TenantContext>().RunAsOwner(); // which tenants have anything to report
            tenants = await owner.ServiceProvider.GetRequiredService<ScoringDbContext>().Database
                .SqlQueryRaw<string>("SELECT DISTINCT tenant_id AS \"Value\" FROM ledger_entries").ToListAsync(ct);
        }
        var stored = 0;
        var now = Clock.GetUtcNow();
        foreach (var tenant in tenants)
            foreach (var kind in BulletinPeriod.Kinds)
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
                var generation = scope.ServiceProvider.GetRequiredService<BulletinGeneration>();
                if (await generation.GenerateScheduledAsync(tenant, BulletinPeriod.LastFinished(kind, now), ct) is { } bulletin)
                {
                    stored++;
                    Logger.LogInformation("Bulletin {Period} of {Tenant} generated on schedule", bulletin.Period, tenant);
                }
            }
        return stored;
    }
}

public static class BulletinRegistration
{
    public static IHostApplicationBuilder AddBulletins(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<BulletinGeneration>();
        builder.Services.Configure<BulletinScheduleOptions>(builder.Configuration.GetSection("Scoring:Bulletins"));
        builder.Services.AddHostedService<BulletinScheduler>();
        return builder;
    }
}
