using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Ledger;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>The service with its reconciler idle, so a test decides when the healing pass runs.</summary>
public sealed class ScoringFactoryWithoutReconciler() : ServiceFactory<Program>(ResourceNames.ScoringDb)
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Scoring:BoardSwitches:Enabled"] = "false" };
}

/// <summary>
/// A process that dies between a rule change's commit and its board switch: the boards keep the old totals (all of
/// them) until the reconciler finds the change's pending marker and finishes the switch from the ledger.
/// </summary>
public sealed class BoardSwitchHealingTests(ScoringFactoryWithoutReconciler factory) : IClassFixture<ScoringFactoryWithoutReconciler>
{
    private readonly ScoringKit _kit = new(factory);
    private readonly LedgerRows _rows = new(factory);

    [Fact]
    public async Task A_change_committed_without_its_switch_keeps_the_old_boards_until_the_reconciler_switches_them_all()
    {
        var tenant = ScoringKit.NewTenant();
        const int persons = 200;
        await _rows.ExecuteAsync($"""
            INSERT INTO score_facts (tenant_id, person_id, reason, source_id, item_id, unit_id, share, occurred_at)
            SELECT '{tenant}', p.id, r.reason, p.item, p.item, NULL, 1, timestamptz '2026-11-10 02:00:00+00' + (p.n || ' minutes')::interval
            FROM (SELECT gen_random_uuid() AS id, gen_random_uuid() AS item, n FROM generate_series(1, {persons}) n) p
            CROSS JOIN (VALUES ('submitted'), ('adopted-own-body')) r(reason)
            """);
        // Priced as the consumers would have (a change to the same numbers re-prices nothing), then version 2 = the defaults.
        await _rows.SettleAsync(tenant);
        await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01" });
        var before = await _rows.BoardAsync(tenant, "2026");
        Assert.Equal(persons, before.Count);
        Assert.All(before.Values, v => Assert.Equal(6m, v));

        // The crash: version 3 and its corrections commit, the switch never runs; later the next boards' lease lapses.
        RuleChangeResult? committed;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            var rules = ScoringRules.Default with { Submitted = 3, AdoptedOwnBody = 7 };
            committed = await scope.ServiceProvider.GetRequiredService<RuleChanges>().CommitAsync(tenant, v => v == 2, rules,
                ScoringKit.Beijing(2026, 6, 1, 0), "admin", null, CancellationToken.None);
        }
        Assert.NotNull(committed);
        Assert.Equal((3, 2 * persons), (committed.Version.Version, committed.Corrections));
        foreach (var period in committed.Periods)
            await (await StreamFeeder.RedisAsync()).KeyDeleteAsync(_rows.Store.Keys(tenant, period).NextBuilding);
        Assert.Equal(["3: 2026 2026-11 2026-Q4"], await PendingAsync(tenant));
        var stale = await _rows.BoardAsync(tenant, "2026");
        Assert.Equal(persons, stale.Count);
        Assert.All(stale.Values, v => Assert.Equal(6m, v)); // old totals everywhere, not some persons re-priced
        Assert.Equal(6m, await _kit.ScoreAsync(tenant, stale.Keys.First(), "2026-11"));

        var reconciler = factory.Services.GetRequiredService<BoardSwitchReconciler>();
        Assert.Equal(1, await reconciler.RunOnceAsync(CancellationToken.None));

        foreach (var period in new[] { "2026", "2026-Q4", "2026-11" })
        {
            var healed = await _rows.BoardAsync(tenant, period);
            Assert.Equal(persons, healed.Count);
            Assert.All(healed.Values, v => Assert.Equal(10m, v));
        }
        Assert.Equal((await _rows.BoardAsync(tenant, "2026")).OrderBy(p => p.Key),
            (await _rows.TotalsAsync(tenant, ScoringKit.Beijing(2026, 1, 1, 0), ScoringKit.Beijing(2027, 1, 1, 0))).OrderBy(p => p.Key));
        Assert.Empty(await PendingAsync(tenant));
        Assert.Equal(0, await reconciler.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task While_a_crashed_switch_waits_for_the_reconciler_live_events_leave_the_old_boards_whole_and_the_switch_has_them()
    {
        var tenant = ScoringKit.NewTenant();
        const int persons = 50;
        await _rows.ExecuteAsync($"""
            INSERT INTO score_facts (tenant_id, person_id, reason, source_id, item_id, unit_id, share, occurred_at)
            SELECT '{tenant}', p.id, r.reason, p.item, p.item, NULL, 1, timestamptz '2026-11-10 02:00:00+00' + (p.n || ' minutes')::interval
            FROM (SELECT gen_random_uuid() AS id, gen_random_uuid() AS item, n FROM generate_series(1, {persons}) n) p
            CROSS JOIN (VALUES ('submitted'), ('adopted-own-body')) r(reason)
            """);
        // Priced as the consumers would have (a change to the same numbers re-prices nothing), then version 2 = the defaults.
        await _rows.SettleAsync(tenant);
        await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01" });
        var before = await _rows.BoardAsync(tenant, "2026");
        var (veteran, newcomer) = (before.Keys.First(), Guid.NewGuid());

        // The crash after the commit, and long enough before the reconciler that the builder's lease lapsed.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            var rules = ScoringRules.Default with { Submitted = 3, AdoptedOwnBody = 7 };
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<RuleChanges>().CommitAsync(tenant, v => v == 2, rules,
                ScoringKit.Beijing(2026, 6, 1, 0), "admin", null, CancellationToken.None));
        }
        var redis = await StreamFeeder.RedisAsync();
        foreach (var period in new[] { "2026", "2026-Q4", "2026-11" })
            await redis.KeyDeleteAsync(_rows.Store.Keys(tenant, period).NextBuilding);

        // Events scored in the window are priced by the new rules in the ledger, but no board a reader sees takes them:
        // every person still reads the old totals, nobody re-priced, nobody added.
        await ConsumedAsync(await _kit.SubmittedAsync(tenant, veteran, Guid.NewGuid(), ScoringKit.Beijing(2026, 11, 20, 9)));
        await ConsumedAsync(await _kit.SubmittedAsync(tenant, newcomer, Guid.NewGuid(), ScoringKit.Beijing(2026, 11, 20, 9)));
        foreach (var period in new[] { "2026", "2026-Q4", "2026-11" })
        {
            var window = await _rows.BoardAsync(tenant, period);
            Assert.Equal(persons, window.Count);
            Assert.All(window.Values, v => Assert.Equal(6m, v));
        }
        Assert.Equal(6m, await _kit.ScoreAsync(tenant, veteran, "2026-11"));
        Assert.Equal(0m, await _kit.ScoreAsync(tenant, newcomer, "2026"));

        Assert.Equal(1, await factory.Services.GetRequiredService<BoardSwitchReconciler>().RunOnceAsync(CancellationToken.None));

        // After the switch: the new totals everywhere, with the window's events.
        var after = await _rows.BoardAsync(tenant, "2026");
        Assert.Equal((persons + 1, 13m, 3m, 10m), (after.Count, after[veteran], after[newcomer], after.Where(p => p.Key != veteran && p.Key != newcomer).Max(p => p.Value)));
        Assert.Equal(after.OrderBy(p => p.Key),
            (await _rows.TotalsAsync(tenant, ScoringKit.Beijing(2026, 1, 1, 0), ScoringKit.Beijing(2027, 1, 1, 0))).OrderBy(p => p.Key));
        // The next event applies to the live boards again.
        await ConsumedAsync(await _kit.SubmittedAsync(tenant, newcomer, Guid.NewGuid(), ScoringKit.Beijing(2026, 11, 21, 9)));
        Assert.Equal(6m, await _kit.ScoreAsync(tenant, newcomer, "2026"));
    }

    [Fact]
    public async Task A_change_that_switched_its_boards_leaves_no_marker_behind()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenant);
        var change = await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01", adoptedOwnBody = 9 });

        Assert.Equal(["2026", "2026-11", "2026-Q4"], change.Periods);
        Assert.Equal(10m, await _kit.ScoreAsync(tenant, author, "2026"));
        Assert.Empty(await PendingAsync(tenant));
    }

    private Task ConsumedAsync(FedEvent fed) => _kit.Feeder.WaitConsumedAsync(fed, ScoringKit.ConsumerGroup);

    private async Task<List<string>> PendingAsync(string tenant)
    {
        await using var source = NpgsqlDataSource.Create(factory.ConnectionString);
        await using var query = source.CreateCommand("SELECT rule_version, periods FROM pending_board_switches WHERE tenant_id = $1 ORDER BY rule_version");
        query.Parameters.Add(new() { Value = tenant });
        var rows = new List<string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add($"{reader.GetInt32(0)}: {string.Join(' ', reader.GetFieldValue<string[]>(1).Order(StringComparer.Ordinal))}");
        return rows;
    }
}
