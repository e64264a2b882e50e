using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Leaderboards;
using StackExchange.Redis;

namespace SheqingMinyi.Scoring.Rankings;

/// <summary>A ranking's top: the places to print and how many are ranked in all.</summary>
public sealed record RankingPage(int Participants, IReadOnlyList<RankedEntry> Entries);

/// <summary>One member's place and the distance to the next place up (null at the top).</summary>
public sealed record RankingPosition(long Rank, decimal Points, string? Name, int Participants, long? NextRank, decimal? PointsToNext);

/// <summary>
/// Rankings served from Redis. Persons in a calendar period read the person board itself (<see cref="LeaderboardStore"/>,
/// kept entry by entry). Everything else (units, categories, special committees, custom ranges) is a snapshot of the
/// ledger's totals as a sorted set under the tenant's generation ({prefix}:rk:{tenant}:{generation}:{dimension}:{period}),
/// built on the first read of that generation; every change that can move a total or a name (a settlement, a rule
/// change, a unit or person announcement) bumps the generation after its commit, so the next read builds afresh and
/// old generations expire. A warm read is two Redis round trips (the generation, then the script) and never touches
/// PostgreSQL; a lost key is rebuilt from the ledger by the next read.
/// </summary>
public sealed class RankingStore(IConnectionMultiplexer redis, IOptions<MessagingOptions> options, LeaderboardStore boards,
    PersonNameCache names, ILogger<RankingStore> logger)
{
    /// <summary>How long an unread snapshot stays: a generation nobody reads any more simply expires.</summary>
    public static readonly TimeSpan SnapshotLifetime = TimeSpan.FromHours(6);
    private const int WriteBatch = 5_000;

    private readonly ConcurrentDictionary<string, Lazy<Task>> _builds = new();

    private sealed record SetKeys(RedisKey Set, RedisKey Built, RedisKey Names)
    {
        public RedisKey[] Script => [Set, Built, Names];
    }

    private string GenerationKey(string tenantId) => $"{options.Value.StreamPrefix}:rk:{tenantId}:gen";

    /// <summary>After a committed change that can move a tenant's totals or names: the next read builds new snapshots.</summary>
    public Task InvalidateAsync(string tenantId) => redis.GetDatabase().StringIncrementAsync(GenerationKey(tenantId));

    private bool ReadsPersonBoard(string dimension, ScoringPeriod period) => dimension == RankingDimension.Persons && period.IsCalendar;

    private async Task<SetKeys> KeysAsync(string tenantId, string dimension, ScoringPeriod period)
    {
        if (ReadsPersonBoard(dimension, period))
        {
            var board = boards.Keys(tenantId, period.Key);
            return new SetKeys(board.Board, board.Built, board.Names);
        }
        var generation = await GenerationAsync(tenantId);
        var root = $"{options.Value.StreamPrefix}:rk:{tenantId}:{generation}:{dimension}:{period.Key}";
        return new SetKeys($"{root}:set", $"{root}:built", $"{root}:names");
    }

    /// <summary>The tenant's generation. A lost counter (a flush, an eviction) restarts from the clock, never from an
    /// earlier number whose snapshots might still be there.</summary>
    private async Task<long> GenerationAsync(string tenantId)
    {
        var db = redis.GetDatabase();
        if ((long?)await db.StringGetAsync(GenerationKey(tenantId)) is { } generation) return generation;
        await db.StringSetAsync(GenerationKey(tenantId), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), when: When.NotExists);
        return (long?)await db.StringGetAsync(GenerationKey(tenantId)) ?? 0;
    }

    public async Task<RankingPage> TopAsync(Func<ScoringDbContext> ledger, string tenantId, string dimension, ScoringPeriod period, int top,
        CancellationToken ct)
    {
        var (keys, result) = await ReadAsync(RankingScripts.Top, ledger, tenantId, dimension, period, [top, RankingScripts.MaxRows], ct);
        var (members, cached) = ((RedisResult[])result[1]!, (RedisResult[])result[2]!);
        var rows = new List<(string Id, string? Name, decimal Points)>(members.Length / 2);
        for (var i = 0; i < members.Length; i += 2)
            rows.Add(((string)members[i]!, PersonNameCache.NameOf(cached[i / 2]), Score(members[i + 1])));
        if (ReadsPersonBoard(dimension, period))
        {
            // The person board's names are a read model filled on a miss (as its own top read does).
            var missing = rows.Where((_, i) => cached[i].IsNull).Select(r => Guid.Parse(r.Id)).ToList();
            if (missing.Count > 0)
            {
                var filled = await names.FillAsync(ledger(), tenantId, missing, ct);
                rows = [.. rows.Select(r => filled.TryGetValue(Guid.Parse(r.Id), out var name) ? (r.Id, name, r.Points) : r)];
            }
        }
        return new RankingPage((int)(long)result[0], CompetitionRanks.Top(CompetitionRanks.Of(rows), top));
    }

    public async Task<RankingPosition?> RankOfAsync(Func<ScoringDbContext> ledger, string tenantId, string dimension, ScoringPeriod period,
        string id, CancellationToken ct)
    {
        var (_, r) = await ReadAsync(RankingScripts.Rank, ledger, tenantId, dimension, period, [id], ct);
        if (r.Length == 0) return null;
        var points = Score(r[0]);
        var name = r.Length > 5 ? PersonNameCache.NameOf(r[5]) : null;
        if (name is null && ReadsPersonBoard(dimension, period) && Guid.TryParse(id, out var personId))
            name = (await names.FillAsync(ledger(), tenantId, [personId], ct))[personId];
        var next = (string?)r[3] is { Length: > 0 } nextScore ? Score(r[3]) : (decimal?)null;
        return new RankingPosition((long)r[1] + 1, points, name, (int)(long)r[2], next is null ? null : (long)r[4], next - points);
    }

    /// <summary>Runs a read script; if its set is not built, builds it (once per set in this process) and runs it again.</summary>
    private async Task<(SetKeys Keys, RedisResult[] Result)> ReadAsync(LuaScript script, Func<ScoringDbContext> ledger, string tenantId,
        string dimension, ScoringPeriod period, RedisValue[] args, CancellationToken ct)
    {
        var db = redis.GetDatabase();
        var keys = await KeysAsync(tenantId, dimension, period);
        var result = await db.ScriptEvaluateAsync(script.ExecutableScript, keys.Script, args);
        if (!result.IsNull) return (keys, (RedisResult[])result!);
        if (ReadsPersonBoard(dimension, period)) await boards.EnsureBuiltAsync(ledger, tenantId, period, ct);
        else await BuildOnceAsync(ledger, tenantId, dimension, period, keys, ct);
        result = await db.ScriptEvaluateAsync(script.ExecutableScript, keys.Script, args);
        return result.IsNull ? throw new InvalidOperationException($"Ranking {keys.Set} vanished right after its build.") : (keys, (RedisResult[])result!);
    }

    private async Task BuildOnceAsync(Func<ScoringDbContext> ledger, string tenantId, string dimension, ScoringPeriod period, SetKeys keys,
        CancellationToken ct)
    {
        var mine = new Lazy<Task>(() => BuildAsync(ledger(), tenantId, dimension, period, keys));
        var running = _builds.GetOrAdd(keys.Set.ToString(), mine);
        try
        {
            if (ReferenceEquals(running, mine)) await running.Value;
            else await running.Value.WaitAsync(ct);
        }
        finally
        {
            if (ReferenceEquals(running, mine)) _builds.TryRemove(keys.Set.ToString(), out _);
        }
    }

    /// <summary>The snapshot from the ledger: members and names in batches, then the built flag, all expiring together.
    /// Nothing is deleted first: a generation's keys are new, and two builders of one generation (replicas) write the
    /// same members, so a reader of a built snapshot never sees it emptied by a second builder.</summary>
    private async Task BuildAsync(ScoringDbContext db, string tenantId, string dimension, ScoringPeriod period, SetKeys keys)
    {
        var started = DateTimeOffset.UtcNow;
        var totals = await RankingTotals.OfAsync(db, tenantId, dimension, period, CancellationToken.None);
        var redisDb = redis.GetDatabase();
        foreach (var chunk in totals.Chunk(WriteBatch))
        {
            await redisDb.SortedSetAddAsync(keys.Set, [.. chunk.Select(t => new SortedSetEntry(t.Id, (double)t.Points))]);
            await redisDb.HashSetAsync(keys.Names, [.. chunk.Select(t => new HashEntry(t.Id, t.Name))]);
        }
        await redisDb.KeyExpireAsync(keys.Set, SnapshotLifetime);
        await redisDb.KeyExpireAsync(keys.Names, SnapshotLifetime);
        await redisDb.StringSetAsync(keys.Built, "1", SnapshotLifetime);
        logger.LogInformation("Ranking {Key} built from the ledger: {Count} rows in {Ms} ms", keys.Set, totals.Count,
            (long)(DateTimeOffset.UtcNow - started).TotalMilliseconds);
    }

    private static decimal Score(RedisResult score) =>
        decimal.Round((decimal)double.Parse((string)score!, CultureInfo.InvariantCulture), 2);
}
