using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using StackExchange.Redis;

namespace SheqingMinyi.Scoring.Leaderboards;

public sealed record LeaderboardRow(long Rank, Guid PersonId, decimal Points, string? Name);

/// <summary>
/// Person leaderboards per tenant and period as Redis sorted sets, a cache of the append-only ledger (the truth).
/// Beside its sorted set each board keeps, per person, the number of ledger entries the score sums. Applying a
/// committed entry recomputes the person's totals and counts from the ledger (one query for year, quarter and month)
/// and sets a score only if its count is larger than the stored one. The ledger only grows, so a later snapshot is a
/// superset of an earlier one: a larger count is always the newer total, an equal count the same total. Hence applies
/// are idempotent and order-free (replays, redeliveries, two consumers), and a rebuild (GROUP BY person, written in
/// batches under the same rule) racing with applies can neither go back nor count twice. Memory is O(persons per
/// board), whatever the ledger's size. Applies write to boards that are built or being built (the "building" lease
/// is taken before the rebuild's snapshot, so an entry committed after the snapshot is applied by its own apply);
/// any other board will be built from a snapshot that has the entry. A warm read is one Redis round trip.
/// </summary>
public sealed class LeaderboardStore(IConnectionMultiplexer redis, IOptions<MessagingOptions> options, PersonNameCache names,
    ILogger<LeaderboardStore> logger)
{
    /// <summary>Persons per rebuild script call: large enough to be few calls, small enough never to block Redis long.</summary>
    public const int RebuildBatch = 10_000;

    // Renewed by every batch: a rebuild that died leaves a board that is simply rebuilt by the next read.
    private static readonly TimeSpan BuildingLease = TimeSpan.FromMinutes(5);

    // A rule change's pending switch holds the live boards old this long at most: far beyond the reconciler's interval
    // (it finishes the switch), short enough that a change that died before its commit (no marker) frees them.
    public static readonly TimeSpan SwitchPendingHold = TimeSpan.FromHours(1);

    // One rebuild per board at a time in this process: the first reads after a loss wait for it rather than repeat it.
    private readonly ConcurrentDictionary<string, Lazy<Task>> _rebuilds = new();

    public LeaderboardKeys Keys(string tenantId, string period) => LeaderboardKeys.For(options.Value.StreamPrefix, tenantId, period);

    /// <summary>After a ledger entry committed: the person's totals in the entry's year, quarter and month.</summary>
    public async Task ApplyAsync(ScoringDbContext db, string tenantId, Guid personId, DateTimeOffset occurredAt, CancellationToken ct)
    {
        var periods = ScoringPeriod.KeysFor(occurredAt).Select(key => ScoringPeriod.TryParse(key, out var p) ? p : throw new InvalidOperationException(key)).ToList();
        var totals = await LedgerTotals.OfPersonAsync(db, tenantId, personId, periods, ct);
        await RecordAsync(tenantId, personId, [.. periods.Select((p, i) => (p.Key, totals[i]))]);
    }

    /// <summary>Sets the person's score on each board unless the board already holds a total of as many entries or more.</summary>
    public Task RecordAsync(string tenantId, Guid personId, IReadOnlyList<(string Period, PersonTotal Total)> totals)
    {
        var keys = new List<RedisKey>();
        var args = new List<RedisValue> { personId.ToString() };
        foreach (var (period, total) in totals)
        {
            keys.AddRange(Keys(tenantId, period).ApplyKeys);
            args.AddRange([(double)total.Points, total.Entries]);
        }
        return redis.GetDatabase().ScriptEvaluateAsync(LeaderboardScripts.Apply.ExecutableScript, [.. keys], [.. args]);
    }

    /// <summary>The top of a board with names. <paramref name="ledger"/> is only called on a cold read (board or names missing).</summary>
    public async Task<IReadOnlyList<LeaderboardRow>> TopAsync(Func<ScoringDbContext> ledger, string tenantId, ScoringPeriod period, int top,
        CancellationToken ct)
    {
        var keys = Keys(tenantId, period.Key);
        var result = await ReadAsync(LeaderboardScripts.Top, keys, top, ledger, tenantId, period, ct);
        var (members, cached) = ((RedisResult[])result[0]!, (RedisResult[])result[1]!);
        var rows = new List<LeaderboardRow>(members.Length / 2);
        for (var i = 0; i < members.Length; i += 2)
            rows.Add(new LeaderboardRow(i / 2 + 1, Guid.Parse((string)members[i]!), Score(members[i + 1]), PersonNameCache.NameOf(cached[i / 2])));
        var missing = rows.Where((_, i) => cached[i].IsNull).Select(r => r.PersonId).ToList();
        if (missing.Count == 0) return rows;
        var filled = await names.FillAsync(ledger(), tenantId, missing, ct);
        return [.. rows.Select(r => filled.TryGetValue(r.PersonId, out var name) ? r with { Name = name } : r)];
    }

    /// <summary>One person's rank, points and name on a board; null when the person has no points in the period.</summary>
    public async Task<LeaderboardRow?> RankOfAsync(Func<ScoringDbContext> ledger, string tenantId, ScoringPeriod period, Guid personId,
        CancellationToken ct)
    {
        var keys = Keys(tenantId, period.Key);
        var result = await ReadAsync(LeaderboardScripts.Rank, keys, personId.ToString(), ledger, tenantId, period, ct);
        if (result.Length == 0) return null;
        var row = new LeaderboardRow((long)result[0] + 1, personId, Score(result[1]), PersonNameCache.NameOf(result[2]));
        if (!result[2].IsNull) return row;
        var filled = await names.FillAsync(ledger(), tenantId, [personId], ct);
        return row with { Name = filled[personId] };
    }

    /// <summary>Runs a read script; if the board is not built, builds it and runs the script again.</summary>
    private async Task<RedisResult[]> ReadAsync(LuaScript script, LeaderboardKeys keys, RedisValue arg, Func<ScoringDbContext> ledger,
        string tenantId, ScoringPeriod period, CancellationToken ct)
    {
        var db = redis.GetDatabase();
        RedisKey[] scriptKeys = [keys.Board, keys.Built, keys.Names];
        var result = await db.ScriptEvaluateAsync(script.ExecutableScript, scriptKeys, [arg]);
        if (!result.IsNull) return (RedisResult[])result!;
        await EnsureBuiltAsync(ledger, tenantId, period, keys, ct);
        result = await db.ScriptEvaluateAsync(script.ExecutableScript, scriptKeys, [arg]);
        return result.IsNull ? throw new InvalidOperationException($"Leaderboard {keys.Board} was dropped right after its rebuild.") : (RedisResult[])result!;
    }

    /// <summary>Builds the period's board from the ledger unless it is built (the rankings read the board's keys directly).</summary>
    public async Task EnsureBuiltAsync(Func<ScoringDbContext> ledger, string tenantId, ScoringPeriod period, CancellationToken ct)
    {
        var keys = Keys(tenantId, period.Key);
        if (await redis.GetDatabase().KeyExistsAsync(keys.Built)) return;
        await EnsureBuiltAsync(ledger, tenantId, period, keys, ct);
    }

    private async Task EnsureBuiltAsync(Func<ScoringDbContext> ledger, string tenantId, ScoringPeriod period, LeaderboardKeys keys, CancellationToken ct)
    {
        var mine = new Lazy<Task>(() => RebuildAsync(ledger(), tenantId, period, keys));
        var running = _rebuilds.GetOrAdd(keys.Board, mine);
        try
        {
            // The caller whose context runs the rebuild waits for it whatever happens, so its scope outlives the query.
            if (ReferenceEquals(running, mine)) await running.Value;
            else await running.Value.WaitAsync(ct);
        }
        finally
        {
            if (ReferenceEquals(running, mine)) _rebuilds.TryRemove(keys.Board, out _);
        }
    }

    /// <summary>The board from the ledger: the building lease first (so applies write from then on), then one streamed
    /// GROUP BY written in batches of <see cref="RebuildBatch"/> persons, then the built flag.</summary>
    public async Task RebuildAsync(ScoringDbContext db, string tenantId, ScoringPeriod period, LeaderboardKeys keys)
    {
        var started = DateTimeOffset.UtcNow;
        await redis.GetDatabase().StringSetAsync(keys.Building, "1", BuildingLease);
        var persons = await FillFromLedgerAsync(db, tenantId, period, keys.Board, keys.Counts, keys.Building);
        await redis.GetDatabase().ScriptEvaluateAsync(LeaderboardScripts.Finish.ExecutableScript, [keys.Built, keys.Building]);
        logger.LogInformation("Leaderboard {Key} rebuilt from the ledger: {Persons} persons in {Ms} ms", keys.Board, persons,
            (long)(DateTimeOffset.UtcNow - started).TotalMilliseconds);
    }

    /// <summary>
    /// A rule change, before its commit: from now on applies of these periods go to the next boards only, so the live
    /// ones keep the old totals (as the ledger had them before the change) until <see cref="SwitchAsync"/>. If the
    /// builder dies, the pending mark keeps the live boards old (no apply reaches them) until the reconciler switches.
    /// </summary>
    public Task BeginNextAsync(string tenantId, IReadOnlyCollection<string> periods)
    {
        var batch = redis.GetDatabase().CreateBatch();
        var writes = periods.Select(p => Keys(tenantId, p)).SelectMany(k => new Task[]
        {
            batch.KeyDeleteAsync([k.NextBoard, k.NextCounts]),
            batch.StringSetAsync(k.NextBuilding, "1", BuildingLease),
            batch.StringSetAsync(k.SwitchPending, "1", SwitchPendingHold),
        }).ToList();
        batch.Execute();
        return Task.WhenAll(writes);
    }

    /// <summary>After the change committed: each next board from the ledger (which has the corrections), then all of
    /// them replace the live boards in one atomic step.</summary>
    public async Task BuildNextAndSwitchAsync(ScoringDbContext db, string tenantId, IReadOnlyCollection<string> periods, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var parsed = periods.Select(key => ScoringPeriod.TryParse(key, out var period) ? period : throw new InvalidOperationException(key)).ToList();
        var redisDb = redis.GetDatabase();
        var batches = periods.ToDictionary(key => key, _ => NewBatch(), StringComparer.Ordinal);
        // Batches go to Redis while the next rows are read; a few at a time, so memory stays bounded.
        var writing = new Queue<Task>();
        async Task SendAsync(string key)
        {
            var keys = Keys(tenantId, key);
            writing.Enqueue(redisDb.ScriptEvaluateAsync(LeaderboardScripts.Fill.ExecutableScript, [keys.NextBoard, keys.NextCounts, keys.NextBuilding],
                [.. batches[key]]));
            batches[key] = NewBatch();
            while (writing.Count > 4) await writing.Dequeue();
        }
        await foreach (var (key, total) in LedgerTotals.PerPersonInPeriodsAsync(db, tenantId, parsed, CancellationToken.None))
        {
            var batch = batches[key];
            batch.AddRange([total.PersonId.ToString(), (double)total.Points, total.Entries]);
            if (batch.Count > 3 * RebuildBatch) await SendAsync(key);
        }
        foreach (var key in periods.Where(k => batches[k].Count > 1)) await SendAsync(key);
        await Task.WhenAll(writing);
        await SwitchAsync(tenantId, periods);
        logger.LogInformation("Leaderboards of {Tenant} switched to the new rules: {Periods} periods in {Ms} ms", tenantId, periods.Count,
            (long)(DateTimeOffset.UtcNow - started).TotalMilliseconds);
    }

    private static List<RedisValue> NewBatch() => new(1 + 3 * RebuildBatch) { (long)BuildingLease.TotalMilliseconds };

    public Task SwitchAsync(string tenantId, IReadOnlyCollection<string> periods) => redis.GetDatabase().ScriptEvaluateAsync(
        LeaderboardScripts.Switch.ExecutableScript, [.. periods.SelectMany(p => Keys(tenantId, p).ApplyKeys)]);

    /// <summary>When a change could not build its next boards: the live ones are dropped, so the next read rebuilds them
    /// from the ledger (which has the change) rather than keep the old totals.</summary>
    public Task DropAsync(string tenantId, IReadOnlyCollection<string> periods) => redis.GetDatabase().KeyDeleteAsync(
        [.. periods.Select(p => Keys(tenantId, p)).SelectMany(k => new RedisKey[] { k.Board, k.Counts, k.Built, k.NextBoard, k.NextCounts, k.NextBuilding, k.SwitchPending })]);

    /// <summary>One streamed GROUP BY written into a board in batches of <see cref="RebuildBatch"/> persons, renewing its lease.</summary>
    private async Task<int> FillFromLedgerAsync(ScoringDbContext db, string tenantId, ScoringPeriod period, RedisKey board, RedisKey counts,
        RedisKey lease)
    {
        var redisDb = redis.GetDatabase();
        var batch = NewBatch();
        var persons = 0;
        await foreach (var total in LedgerTotals.PerPersonAsync(db, tenantId, period, CancellationToken.None))
        {
            batch.AddRange([total.PersonId.ToString(), (double)total.Points, total.Entries]);
            if (++persons % RebuildBatch == 0) await FillAsync(redisDb, board, counts, lease, batch);
        }
        if (batch.Count > 1) await FillAsync(redisDb, board, counts, lease, batch);
        return persons;
    }

    private static async Task FillAsync(IDatabase db, RedisKey board, RedisKey counts, RedisKey lease, List<RedisValue> batch)
    {
        await db.ScriptEvaluateAsync(LeaderboardScripts.Fill.ExecutableScript, [board, counts, lease], [.. batch]);
        batch.RemoveRange(1, batch.Count - 1);
    }

    private static decimal Score(RedisResult score) => (decimal)double.Parse((string)score!, CultureInfo.InvariantCulture);
}
