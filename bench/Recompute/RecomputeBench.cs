using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Ledger;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Bench.Recompute;

/// <summary>Scoring in process, its reconciler and workers idle (the bench switches the boards itself, to time it).</summary>
public sealed class BenchScoring() : ServiceFactory<Program>(ResourceNames.ScoringDb)
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Scoring:BoardSwitches:Enabled"] = "false", ["Scoring:QuotaReminders:Enabled"] = "false", ["Scoring:Bulletins:Enabled"] = "false",
        // The relay would publish the changes' PointsCredited (one per entry) during the next timing: after the
        // commit, not part of the recompute, so it waits here.
        ["Messaging:RelayPollInterval"] = "01:00:00", ["Messaging:WakeOnPublish"] = "false",
    };
}

/// <summary>
/// Seeds ROWS facts for one tenant (PERSONS persons, submitted and own-body adoptions over the months of 2026), prices
/// them into as many ledger rows (one settlement, as the consumers would), then times three rule changes, each in its
/// two parts (the commit, with its correcting entries and outbox rows; the board switch: year, quarters and months
/// filled from the ledger and renamed over the live boards): every fact re-priced (the worst case), half of them (one
/// number), none (a number no fact uses: the cost of finding that out). Prints one markdown row per step, wall and CPU.
/// </summary>
public static class RecomputeBench
{
    public static async Task<int> Main(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var persons = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        const string tenant = "tbenchrecomp";

        // Scoring's content root for WebApplicationFactory outside a test project (the factory reads this setting first).
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "SheqingMinyi.sln"))) repo = repo.Parent;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SCORING_API",
            Path.Combine(repo?.FullName ?? throw new InvalidOperationException("run from the repository"), "services", "Scoring", "Scoring.Api"));
        await using var scoring = new BenchScoring();
        await scoring.InitializeAsync();
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(scoring.ConnectionString, $"""
            INSERT INTO score_facts (tenant_id, person_id, reason, source_id, item_id, unit_id, share, occurred_at)
            SELECT '{tenant}', ('b0000000-0000-4000-8000-' || lpad(to_hex(1 + i % {persons}), 12, '0'))::uuid,
                   CASE WHEN i % 2 = 0 THEN 'submitted' ELSE 'adopted-own-body' END, gen_random_uuid(), NULL, NULL, 1,
                   timestamptz '2026-01-01 00:00+08' + (i % 330) * interval '1 day' + (i % 1440) * interval '1 minute'
            FROM generate_series(1, {rows}) i;
            ANALYZE score_facts;
            """);
        Console.WriteLine($"seeded {rows:N0} facts of {persons:N0} persons in {clock.Elapsed.TotalSeconds:F1} s");

        // The consumers' first entries for every fact, in one settlement (not a rule change: the defaults re-price nothing).
        clock.Restart();
        await using (var scope = scoring.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            await LedgerSettlement.SettleTenantAsync(scope.ServiceProvider.GetRequiredService<ScoringDbContext>(), tenant,
                new DateTimeOffset(2026, 1, 1, 0, 0, 0, ScoringPeriod.BeijingOffset), DateTimeOffset.UtcNow, CancellationToken.None);
        }
        await ExecuteAsync(scoring.ConnectionString, "ANALYZE ledger_entries;");
        Console.WriteLine($"first entries of every fact (one settlement, as the consumers write them) in {clock.Elapsed.TotalSeconds:F1} s");

        var steps = new List<(string Step, long Before, Timing Timing)>();
        async Task StepAsync(string step, int current, ScoringRules rules)
        {
            var before = await ScalarAsync(scoring.ConnectionString, $"SELECT count(*) FROM ledger_entries WHERE tenant_id = '{tenant}'");
            steps.Add((step, before, await ChangeAsync(scoring, tenant, current, rules)));
        }
        var v2 = ScoringRules.Default with { Submitted = 2, AdoptedOwnBody = 6 };
        await StepAsync("rules v2: submitted 1 → 2 and own-body 5 → 6, every fact re-priced", 1, v2);
        await StepAsync("rules v3: own-body 6 → 7 only, half the facts re-priced", 2, v2 with { AdoptedOwnBody = 7 });
        await StepAsync("rules v4: a number no fact uses (national 20 → 25), nothing to re-price", 3, v2 with { AdoptedOwnBody = 7, AdoptedNational = 25 });
        var ledger = await ScalarAsync(scoring.ConnectionString, $"SELECT count(*) FROM ledger_entries WHERE tenant_id = '{tenant}'");

        Console.WriteLine();
        Console.WriteLine("| step | ledger rows before | entries appended | recompute (commit) | board switch | total |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (step, before, timing) in steps) Console.WriteLine(Row(step, before, timing));
        Console.WriteLine();
        Console.WriteLine("| step (CPU seconds: less moved by a loaded machine than the wall times) | PostgreSQL, recompute | PostgreSQL, switch | scoring, switch | Redis, switch |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (step, _, timing) in steps) Console.WriteLine(CpuRow(step, timing));
        Console.WriteLine($"\nledger rows after: {ledger:N0}; Environment.ProcessorCount = {Environment.ProcessorCount}");
        var second = steps[0].Timing;
        return second.Commit.TotalSeconds <= 10 ? 0 : 1;
    }

    private sealed record Timing(int Entries, TimeSpan Commit, TimeSpan Switch, double CommitDbCpu, double SwitchDbCpu, double SwitchOwnCpu,
        double SwitchRedisCpu);

    private static string CpuRow(string step, Timing t) =>
        $"| {step} | {t.CommitDbCpu:F2} s | {t.SwitchDbCpu:F2} s | {t.SwitchOwnCpu:F2} s | {t.SwitchRedisCpu:F2} s |";

    /// <summary>A process's user + system CPU seconds from /proc (0 when it cannot be read).</summary>
    private static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException) { return 0; }
    }

    private static int RedisPid() =>
        Environment.GetEnvironmentVariable("SQMY_TEST_STORES_DIR") is { } dir && File.Exists(Path.Combine(dir, "redis.pid"))
            ? int.Parse(File.ReadAllText(Path.Combine(dir, "redis.pid")).Trim(), CultureInfo.InvariantCulture) : 0;

    private static string Row(string step, long before, Timing t) =>
        $"| {step} | {before:N0} | {t.Entries:N0} | {t.Commit.TotalSeconds:F2} s | {t.Switch.TotalSeconds:F2} s | {(t.Commit + t.Switch).TotalSeconds:F2} s |";

    /// <summary>What PUT /rules does (RuleChanges.ChangeAsync), timed in its two parts.</summary>
    private static async Task<Timing> ChangeAsync(BenchScoring scoring, string tenant, int current, ScoringRules rules)
    {
        await using var scope = scoring.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        // The context's connection stays open for the scope, so the change and the switch run on this one backend,
        // whose CPU is read from /proc.
        var db = scope.ServiceProvider.GetRequiredService<ScoringDbContext>();
        await db.Database.OpenConnectionAsync();
        var backend = await db.Database.SqlQueryRaw<int>("SELECT pg_backend_pid() AS \"Value\"").SingleAsync();
        var (own, redis) = (Process.GetCurrentProcess(), RedisPid());
        var clock = Stopwatch.StartNew();
        var db0 = CpuSeconds(backend);
        var result = await scope.ServiceProvider.GetRequiredService<RuleChanges>().CommitAsync(tenant, v => v == current, rules,
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, ScoringPeriod.BeijingOffset), "bench", null, CancellationToken.None)
            ?? throw new InvalidOperationException("the rule change did not commit");
        var commit = clock.Elapsed;
        var (db1, own1, redis1) = (CpuSeconds(backend), own.TotalProcessorTime.TotalSeconds, CpuSeconds(redis));
        clock.Restart();
        await scope.ServiceProvider.GetRequiredService<BoardSwitches>().FinishAsync(tenant, wait: true, CancellationToken.None);
        var switched = clock.Elapsed;
        own.Refresh();
        return new Timing(result.Corrections, commit, switched, db1 - db0, CpuSeconds(backend) - db1, own.TotalProcessorTime.TotalSeconds - own1,
            CpuSeconds(redis) - redis1);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand(sql);
        command.CommandTimeout = 1200;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
