using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Quotas;

public sealed class QuotaReminderOptions
{
    /// <summary>How often the worker looks; each pass is idempotent per person and month, so it may run often.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Off where another run is wanted (tests run it through the endpoint with a month of their own).</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>Runs the month's reminders (<see cref="QuotaReminders"/>) for every tenant with persons under a quota.</summary>
public sealed class QuotaReminderWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<QuotaReminderOptions> options,
    ILogger<QuotaReminderWorker> logger) : PeriodicWorker(logger, clock)
{
    protected override TimeSpan Interval => options.Value.Interval;
    protected override bool Enabled => options.Value.Enabled;
    protected override string JobName => "Quota reminders";
    protected override Task RunPassAsync(CancellationToken ct) => RunOnceAsync(ct);

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().ToOffset(ScoringPeriod.BeijingOffset);
        List<string> tenants;
        await using (var owner = scopes.CreateAsyncScope())
        {
            owner.ServiceProvider.GetRequiredService<TenantContext>().RunAsOwner(); // which tenants have quotas at all
            var db = owner.ServiceProvider.GetRequiredService<ScoringDbContext>();
            tenants = await db.Database.SqlQueryRaw<string>(
                "SELECT DISTINCT tenant_id AS \"Value\" FROM person_kinds UNION SELECT DISTINCT tenant_id FROM directory_memberships").ToListAsync(ct);
        }
        foreach (var tenant in tenants)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            var run = await scope.ServiceProvider.GetRequiredService<QuotaReminders>().RunAsync(tenant, now.Year, now.Month, ct);
            if (run.Published > 0) Logger.LogInformation("Quota reminders of {Tenant} for {Month}: {Count} published", tenant, run.Month, run.Published);
        }
    }
}
