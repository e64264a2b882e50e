using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using StackExchange.Redis;

namespace SheqingMinyi.Scoring.Leaderboards;

public sealed record LeaderboardRow(long Rank, Guid PersonId, decimal Points);

/// <summary>
/// Person leaderboards per tenant and period as Redis sorted sets, a cache of the ledger (the truth).
/// A board is built from the ledger on first read; each committed entry is then added once: a set of applied
/// entry ids guards every increment, so a rebuild racing with new entries never counts one twice or drops one.
/// </summary>
public sealed class LeaderboardStore(IConnectionMultiplexer redis, IOptions<MessagingOptions> options, ILogger<LeaderboardStore> logger)
{
    // Entries recorded this long before a rebuild started are re-applied after it, covering commits during the rebuild.
    private static readonly TimeSpan RebuildOverlap = TimeSpan.FromMinutes(5);

    // KEYS: board, applied, built. ARGV: entry id, points, person id. Only boards already built take increments.
    private static readonly LuaScript ApplyScript = LuaScript.Prepare("""
        if redis.call('EXISTS', KEYS[3]) == 1 and redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
            redis.call('ZINCRBY', KEYS[1], ARGV[2], ARGV[3])
        end
        return 1
        """);

    // KEYS: board, applied, built. ARGV: n, then n (person, points) pairs, then entry ids.
    private static readonly LuaScript RebuildScript = LuaScript.Prepare("""
        redis.call('DEL', KEYS[1], KEYS[2])
        local n = tonumber(ARGV[1])
        for i = 0, n - 1 do
            redis.call('ZADD', KEYS[1], ARGV[3 + 2 * i], ARGV[2 + 2 * i])
        end
        for i = 2 + 2 * n, #ARGV do
            redis.call('SADD', KEYS[2], ARGV[i])
        end
        redis.call('SET', KEYS[3], '1')
        return 1
        """);

    private string Key(string tenantId, string period) => $"{options.Value.StreamPrefix}:lb:{tenantId}:{period}:persons";

    public async Task ApplyAsync(LedgerEntry entry)
    {
        var db = redis.GetDatabase();
        foreach (var period in ScoringPeriod.KeysFor(entry.OccurredAt))
            await ApplyToBoardAsync(db, Key(entry.TenantId, period), entry);
    }

    public async Task<IReadOnlyList<LeaderboardRow>> TopAsync(ScoringDbContext db, string tenantId, ScoringPeriod period, int top, CancellationToken ct)
    {
        var key = await EnsureBuiltAsync(db, tenantId, period, ct);
        var rows = await redis.GetDatabase().SortedSetRangeByRankWithScoresAsync(key, 0, top - 1, Order.Descending);
        return [.. rows.Select((row, i) => new LeaderboardRow(i + 1, Guid.Parse(row.Element.ToString()), (decimal)row.Score))];
    }

    public async Task<LeaderboardRow?> RankOfAsync(ScoringDbContext db, string tenantId, ScoringPeriod period, Guid personId, CancellationToken ct)
    {
        var key = await EnsureBuiltAsync(db, tenantId, period, ct);
        var redisDb = redis.GetDatabase();
        var rank = await redisDb.SortedSetRankAsync(key, personId.ToString(), Order.Descending);
        var score = await redisDb.SortedSetScoreAsync(key, personId.ToString());
        return rank is null || score is null ? null : new LeaderboardRow(rank.Value + 1, personId, (decimal)score.Value);
    }

    private async Task<string> EnsureBuiltAsync(ScoringDbContext db, string tenantId, ScoringPeriod period, CancellationToken ct)
    {
        var key = Key(tenantId, period.Key);
        var redisDb = redis.GetDatabase();
        if (await redisDb.KeyExistsAsync($"{key}:built")) return key;

        var rebuildStarted = DateTimeOffset.UtcNow;
        var inPeriod = db.Ledger.AsNoTracking().Where(l => l.OccurredAt >= period.Start && l.OccurredAt < period.End);
        var totals = await inPeriod.GroupBy(l => l.PersonId).Select(g => new { PersonId = g.Key, Points = g.Sum(l => l.Points) }).ToListAsync(ct);
        var ids = await inPeriod.Select(l => l.Id).ToListAsync(ct);
        var args = new List<RedisValue> { totals.Count };
        foreach (var total in totals) args.AddRange([total.PersonId.ToString(), (double)total.Points]);
        args.AddRange(ids.Select(id => (RedisValue)id.ToString()));
        await redisDb.ScriptEvaluateAsync(RebuildScript.ExecutableScript,
            [key, $"{key}:applied", $"{key}:built"], [.. args]);

        var recent = await inPeriod.Where(l => l.RecordedAt >= rebuildStarted - RebuildOverlap).ToListAsync(ct);
        foreach (var entry in recent) await ApplyToBoardAsync(redisDb, key, entry);
        logger.LogInformation("Leaderboard {Key} rebuilt from {Count} ledger entries", key, ids.Count);
        return key;
    }

    private static Task ApplyToBoardAsync(IDatabase db, string key, LedgerEntry entry) => db.ScriptEvaluateAsync(
        ApplyScript.ExecutableScript, [key, $"{key}:applied", $"{key}:built"],
        [entry.Id.ToString(), (double)entry.Points, entry.PersonId.ToString()]);
}
