using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Leaderboards;
using SheqingMinyi.Scoring.Rankings;

namespace SheqingMinyi.Scoring.Ledger;

/// <summary>
/// Finishes rule changes' board switches. Under the tenant's boards lock (a rule change's commit takes it too, so no
/// change begins next boards while another fills them): every pending <see cref="PendingBoardSwitch"/> of the tenant,
/// oldest first, gets its next boards filled from the ledger and swapped over the live ones in one Redis step, and the
/// markers are deleted in the same transaction. If the boards cannot follow (Redis failing), they are dropped instead,
/// so the next read rebuilds them from the ledger; if even that fails, the markers stay for the next reconciler pass.
/// </summary>
public sealed class BoardSwitches(ScoringDbContext db, LeaderboardStore boards, RankingStore rankings, ILogger<BoardSwitches> logger)
{
    /// <summary>Waits for the tenant's boards until the transaction ends (a rule change's commit, a switch).</summary>
    public static Task LockBoardsAsync(ScoringDbContext db, string tenantId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended('scoring-boards:' || {tenantId}, 0))", ct);

    /// <summary>Switches every pending change of the tenant, oldest first; answers how many it finished. With
    /// <paramref name="wait"/> false it gives up at once when another process is switching the tenant's boards (that
    /// one takes every pending marker).</summary>
    public Task<int> FinishAsync(string tenantId, bool wait, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(() => FinishOnceAsync(tenantId, wait, ct));

    private async Task<int> FinishOnceAsync(string tenantId, bool wait, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (wait) await LockBoardsAsync(db, tenantId, ct);
        else if (!await db.Database.SqlQuery<bool>(
                     $"SELECT pg_try_advisory_xact_lock(hashtextextended('scoring-boards:' || {tenantId}, 0)) AS \"Value\"").SingleAsync(ct))
            return 0;
        var pending = await db.PendingBoardSwitches.OrderBy(p => p.RuleVersion).ToListAsync(ct);
        if (pending.Count == 0) return 0;
        await rankings.InvalidateAsync(tenantId);
        foreach (var change in pending)
        {
            try
            {
                // Again: after a crash the next boards' lease may have lapsed and their copies be partial.
                await boards.BeginNextAsync(tenantId, change.Periods);
                await boards.BuildNextAndSwitchAsync(db, tenantId, change.Periods, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Leaderboards of {Tenant} could not switch to rules version {Version}; dropping them", tenantId, change.RuleVersion);
                await boards.DropAsync(tenantId, change.Periods);
            }
        }
        db.PendingBoardSwitches.RemoveRange(pending);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return pending.Count;
    }
}

public sealed class BoardSwitchOptions
{
    /// <summary>How often a replica looks for switches a crashed process left behind (and once at start-up).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Heals a crash between a rule change's commit and its board switch: at start-up and then periodically, every tenant
/// with a pending marker gets its boards switched (<see cref="BoardSwitches"/>). A tenant whose boards another process
/// is switching (it holds the boards lock, and takes every pending marker) is skipped.
/// </summary>
public sealed class BoardSwitchReconciler(IServiceScopeFactory scopes, TimeProvider clock, IOptions<BoardSwitchOptions> options,
    ILogger<BoardSwitchReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Board switch reconciliation failed; the next pass retries: {Error}", ex.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One pass over every tenant; answers how many pending switches it finished.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<string> tenants;
        await using (var owner = scopes.CreateAsyncScope())
        {
            owner.ServiceProvider.GetRequiredService<TenantContext>().RunAsOwner(); // which tenants have a switch pending
            tenants = await owner.ServiceProvider.GetRequiredService<ScoringDbContext>().Database
                .SqlQueryRaw<string>("SELECT DISTINCT tenant_id AS \"Value\" FROM pending_board_switches").ToListAsync(ct);
        }
        var finished = 0;
        foreach (var tenant in tenants)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            var done = await scope.ServiceProvider.GetRequiredService<BoardSwitches>().FinishAsync(tenant, wait: false, ct);
            if (done > 0) logger.LogInformation("Finished {Count} pending board switches of {Tenant}", done, tenant);
            finished += done;
        }
        return finished;
    }
}

public static class BoardSwitchRegistration
{
    /// <summary>Rule changes and the healing of their board switches (configured under Scoring:BoardSwitches).</summary>
    public static IHostApplicationBuilder AddRuleChanges(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RuleChanges>();
        builder.Services.AddScoped<BoardSwitches>();
        builder.Services.Configure<BoardSwitchOptions>(builder.Configuration.GetSection("Scoring:BoardSwitches"));
        builder.Services.AddSingleton<BoardSwitchReconciler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BoardSwitchReconciler>());
        return builder;
    }
}
