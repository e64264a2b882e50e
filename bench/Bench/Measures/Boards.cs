using StackExchange.Redis;

namespace SheqingMinyi.Bench.Measures;

/// <summary>
/// Finds a leaderboard's Redis keys by SCAN (tenant and period in the name), so the bench keeps working while the
/// store's key layout changes: the board is the sorted set among them.
/// </summary>
public static class Boards
{
    public static IEnumerable<RedisKey> KeysOf(IConnectionMultiplexer redis, string tenant, string period)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        return server.Keys(pattern: $"*lb*{tenant}*{period}*", pageSize: 1000)
            .Where(k => k.ToString().Split(':', '{', '}').Contains(period)); // 2031, not 2031-Q1 or 2031-01
    }

    public static RedisKey BoardKey(IConnectionMultiplexer redis, string tenant, string period)
    {
        var db = redis.GetDatabase();
        var boards = KeysOf(redis, tenant, period).Where(k => db.KeyType(k) == RedisType.SortedSet).ToList();
        return boards.Count == 1 ? boards[0]
            : throw new InvalidOperationException($"expected one sorted set for {tenant}/{period}, found {boards.Count}: {string.Join(", ", boards)}");
    }

    /// <summary>Drops the board and everything kept beside it (built flag, applied ids, names): the next read rebuilds.</summary>
    public static async Task<int> DropAsync(IConnectionMultiplexer redis, string tenant, string period)
    {
        var keys = KeysOf(redis, tenant, period).ToArray();
        if (keys.Length > 0) await redis.GetDatabase().KeyDeleteAsync(keys);
        return keys.Length;
    }
}
