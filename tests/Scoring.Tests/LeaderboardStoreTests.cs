using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Leaderboards;
using SheqingMinyi.Tests;
using StackExchange.Redis;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>
/// Boards hold one total and one entry count per person, set only by a snapshot of more entries: replays, out-of-order
/// applies and rebuilds racing with applies end with exactly the ledger's totals, and nothing grows with the ledger.
/// </summary>
public sealed class LeaderboardStoreTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);
    private readonly LedgerRows _ledger = new(factory);

    private static ScoringPeriod Period(string key) => ScoringPeriod.TryParse(key, out var period) ? period : throw new ArgumentException(key);

    private async Task AssertBoardIsLedgerAsync(string tenant, string period)
    {
        var p = Period(period);
        var expected = await _ledger.TotalsAsync(tenant, p.Start, p.End);
        Assert.Equal(expected.OrderBy(e => e.Key), (await _ledger.BoardAsync(tenant, period)).OrderBy(e => e.Key));
    }

    [Fact]
    public async Task Replayed_and_out_of_order_applies_end_with_the_ledger_s_totals()
    {
        var tenant = ScoringKit.NewTenant();
        string[] periods = ["2026", "2026-Q4", "2026-10", "2026-11"];
        foreach (var period in periods) Assert.Empty((await _kit.BoardAsync(tenant, period)).Entries); // built, empty
        var (person, other) = (Guid.NewGuid(), Guid.NewGuid());
        var entries = new List<(Guid Person, decimal Points, DateTimeOffset At)>
        {
            (person, 1m, ScoringKit.Beijing(2026, 10, 3, 9)), (person, 5m, ScoringKit.Beijing(2026, 11, 2, 9)),
            (person, 10.5m, ScoringKit.Beijing(2026, 11, 20, 9)), (other, 20m, ScoringKit.Beijing(2026, 11, 21, 9)),
            (person, 1m, ScoringKit.Beijing(2026, 12, 31, 23)), (other, 1m, ScoringKit.Beijing(2026, 10, 30, 9)),
        };
        foreach (var (who, points, at) in entries) await _ledger.InsertAsync(tenant, who, points, at);

        // Newest first, then everything again in another order, then once more: as redeliveries and replays would.
        foreach (var (who, _, at) in Enumerable.Reverse(entries)) await _ledger.ApplyAsync(tenant, who, at);
        foreach (var (who, _, at) in entries.OrderBy(e => e.Points)) await _ledger.ApplyAsync(tenant, who, at);
        foreach (var (who, _, at) in entries) await _ledger.ApplyAsync(tenant, who, at);

        foreach (var period in periods) await AssertBoardIsLedgerAsync(tenant, period);
        Assert.Equal(17.5m, (await _kit.BoardAsync(tenant, "2026")).Of(person)!.Points);
        Assert.Equal(15.5m, (await _kit.BoardAsync(tenant, "2026-11")).Of(person)!.Points);

        // A snapshot of fewer entries arriving late (an apply that read the ledger before the others) changes nothing.
        await _ledger.Store.RecordAsync(tenant, person, [("2026", new PersonTotal(person, 1m, 1)), ("2026-11", new PersonTotal(person, 5m, 2))]);
        Assert.Equal(17.5m, (await _kit.BoardAsync(tenant, "2026")).Of(person)!.Points);
        Assert.Equal(15.5m, (await _kit.BoardAsync(tenant, "2026-11")).Of(person)!.Points);
        // A snapshot of more entries is newer and wins.
        await _ledger.Store.RecordAsync(tenant, person, [("2026", new PersonTotal(person, 99m, 5))]);
        Assert.Equal(99m, (await _kit.BoardAsync(tenant, "2026")).Of(person)!.Points);
    }

    [Fact]
    public async Task Entries_applied_before_a_board_is_built_are_counted_once_by_its_build()
    {
        var tenant = ScoringKit.NewTenant();
        var person = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
        {
            await _ledger.InsertAsync(tenant, person, 2m, ScoringKit.November2026);
            await _ledger.ApplyAsync(tenant, person, ScoringKit.November2026); // no board yet: nothing written
        }
        Assert.Empty(await _ledger.KeysAsync(tenant));

        Assert.Equal(6m, (await _kit.BoardAsync(tenant, "2026-11")).Of(person)!.Points);
        await _ledger.ApplyAsync(tenant, person, ScoringKit.November2026);
        Assert.Equal(6m, (await _kit.BoardAsync(tenant, "2026-11")).Of(person)!.Points);
    }

    [Fact]
    public async Task No_board_key_grows_with_the_number_of_ledger_entries()
    {
        var tenant = ScoringKit.NewTenant();
        string[] periods = ["2026", "2026-Q4", "2026-11"];
        foreach (var period in periods) await _kit.BoardAsync(tenant, period);
        Guid[] persons = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        for (var i = 0; i < 60; i++)
        {
            await _ledger.InsertAsync(tenant, persons[i % 3], 1m, ScoringKit.November2026);
            await _ledger.ApplyAsync(tenant, persons[i % 3], ScoringKit.November2026);
        }
        // And as many again in one statement, then rebuilds from all 120.
        await _ledger.ExecuteAsync($"""
            INSERT INTO ledger_entries (id, tenant_id, person_id, reason, source_id, points, rule_version, occurred_at, recorded_at)
            SELECT gen_random_uuid(), '{tenant}', (ARRAY['{persons[0]}', '{persons[1]}', '{persons[2]}']::uuid[])[1 + i % 3],
                   'submitted', gen_random_uuid(), 1, 1, '{ScoringKit.November2026:O}', now()
            FROM generate_series(0, 59) AS i
            """);
        foreach (var period in periods) await _ledger.DropBoardAsync(tenant, period);
        foreach (var period in periods) Assert.Equal(40m, (await _kit.BoardAsync(tenant, period)).Of(persons[0])!.Points);

        var keys = await _ledger.KeysAsync(tenant);

        var expected = new SortedDictionary<string, (RedisType, long)> { ["names"] = (RedisType.Hash, 3) };
        foreach (var period in periods)
        {
            expected[$"{period}:persons"] = (RedisType.SortedSet, 3);
            expected[$"{period}:counts"] = (RedisType.Hash, 3);
            expected[$"{period}:built"] = (RedisType.String, 1);
        }
        Assert.Equal(expected, keys);
        var counts = await (await StreamFeeder.RedisAsync()).HashGetAllAsync(_ledger.Store.Keys(tenant, "2026").Counts);
        Assert.Equal([40, 40, 40], counts.Select(c => (int)c.Value));
        foreach (var period in periods) await AssertBoardIsLedgerAsync(tenant, period);
    }

    [Fact]
    public async Task A_rebuild_racing_with_applies_ends_with_exactly_the_ledger_s_totals()
    {
        var tenant = ScoringKit.NewTenant();
        var persons = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToArray();
        await _kit.BoardAsync(tenant, "2026");
        var applying = true;

        async Task WriteAsync(int writer)
        {
            for (var i = 0; i < 60; i++)
            {
                var person = persons[(i * 3 + writer) % persons.Length];
                await _ledger.InsertAsync(tenant, person, 1m + i % 4, ScoringKit.November2026);
                await _ledger.ApplyAsync(tenant, person, ScoringKit.November2026);
            }
        }

        var rebuilds = 0;
        async Task RebuildAsync()
        {
            while (Volatile.Read(ref applying))
            {
                await _ledger.DropBoardAsync(tenant, "2026");
                await _kit.BoardAsync(tenant, "2026");
                rebuilds++;
            }
        }

        var rebuilder = RebuildAsync();
        await Task.WhenAll(WriteAsync(0), WriteAsync(1), WriteAsync(2));
        Volatile.Write(ref applying, false);
        await rebuilder;

        Assert.True(rebuilds >= 2, $"the board was rebuilt while entries were applied ({rebuilds} rebuilds)");
        await AssertBoardIsLedgerAsync(tenant, "2026");
        Assert.Equal(180, (await (await StreamFeeder.RedisAsync()).HashValuesAsync(_ledger.Store.Keys(tenant, "2026").Counts)).Sum(c => (int)c));
    }

    [Fact]
    public async Task A_rebuild_of_more_persons_than_one_batch_has_every_person_s_exact_total()
    {
        var tenant = ScoringKit.NewTenant();
        const int persons = 25_000;
        Assert.True(persons > 2 * LeaderboardStore.RebuildBatch);
        // Two entries per person: (i % 97) + 0.25 and 1.5 points, on 2026-11-15 and 2026-11-16 (Beijing).
        await _ledger.ExecuteAsync($"""
            INSERT INTO ledger_entries (id, tenant_id, person_id, reason, source_id, points, rule_version, occurred_at, recorded_at)
            SELECT gen_random_uuid(), '{tenant}', md5('{tenant}' || (i / 2))::uuid, 'submitted', gen_random_uuid(),
                   CASE WHEN i % 2 = 0 THEN (i / 2) % 97 + 0.25 ELSE 1.5 END, 1,
                   '{ScoringKit.November2026:O}'::timestamptz + (i % 2) * interval '1 day', now()
            FROM generate_series(0, {2 * persons - 1}) AS i
            """);

        var top = await _kit.BoardAsync(tenant, "2026-11", top: 100);

        var expected = await _ledger.TotalsAsync(tenant, Period("2026-11").Start, Period("2026-11").End);
        Assert.Equal(persons, expected.Count);
        var board = await _ledger.BoardAsync(tenant, "2026-11");
        Assert.Equal(expected.OrderBy(e => e.Key), board.OrderBy(e => e.Key));
        Assert.Equal(persons, await (await StreamFeeder.RedisAsync()).HashLengthAsync(_ledger.Store.Keys(tenant, "2026-11").Counts));
        Assert.Equal(100, top.Entries.Count);
        Assert.All(top.Entries, e => Assert.Equal(97.75m, e.Points)); // 96.25 + 1.5, the largest total
        Assert.Equal(Enumerable.Range(1, 100).Select(r => (long)r), top.Entries.Select(e => e.Rank));
    }
}
