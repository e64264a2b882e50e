using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Tenancy;
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
/// them into as many ledger rows (rules version 2), then times the change that matters: version 3 re-prices every fact
/// (one correcting entry per row, appended in one statement with its outbox rows) and its board switch (year, quarters,
/// months filled from the ledger and renamed over the live boards). Prints one markdown row per step.
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

        var first = await ChangeAsync(scoring, tenant, 1, ScoringRules.Default);
        await ExecuteAsync(scoring.ConnectionString, "ANALYZE ledger_entries;");
        var second = await ChangeAsync(scoring, tenant, 2, ScoringRules.Default with { Submitted = 2, AdoptedOwnBody = 6 });
        var ledger = await ScalarAsync(scoring.ConnectionString, $"SELECT count(*) FROM ledger_entries WHERE tenant_id = '{tenant}'");

        Console.WriteLine();
        Console.WriteLine("| step | ledger rows before | entries appended | recompute (commit) | board switch | total |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(Row("rules v2: price every fact (first entries)", 0, first));
        Console.WriteLine(Row("rules v3: re-price every fact (corrections)", rows, second));
        Console.WriteLine($"\nledger rows after: {ledger:N0}; Environment.ProcessorCount = {Environment.ProcessorCount}");
        return second.Commit.TotalSeconds <= 10 ? 0 : 1;
    }

    private sealed record Timing(int Entries, TimeSpan Commit, TimeSpan Switch);

    private static string Row(string step, long before, Timing t) =>
        $"| {step} | {before:N0} | {t.Entries:N0} | {t.Commit.TotalSeconds:F2} s | {t.Switch.TotalSeconds:F2} s | {(t.Commit + t.Switch).TotalSeconds:F2} s |";

    /// <summary>What PUT /rules does (RuleChanges.ChangeAsync), timed in its two parts.</summary>
    private static async Task<Timing> ChangeAsync(BenchScoring scoring, string tenant, int current, ScoringRules rules)
    {
        await using var scope = scoring.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var clock = Stopwatch.StartNew();
        var result = await scope.ServiceProvider.GetRequiredService<RuleChanges>().CommitAsync(tenant, v => v == current, rules,
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, ScoringPeriod.BeijingOffset), "bench", null, CancellationToken.None)
            ?? throw new InvalidOperationException("the rule change did not commit");
        var commit = clock.Elapsed;
        clock.Restart();
        await scope.ServiceProvider.GetRequiredService<BoardSwitches>().FinishAsync(tenant, wait: true, CancellationToken.None);
        return new Timing(result.Corrections, commit, clock.Elapsed);
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
