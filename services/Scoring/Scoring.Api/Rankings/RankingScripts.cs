using StackExchange.Redis;

namespace SheqingMinyi.Scoring.Rankings;

/// <summary>The ranking reads, each one atomic round trip over a sorted set (KEYS: set, built flag, names hash).</summary>
internal static class RankingScripts
{
    /// <summary>Members to print, at most <see cref="MaxRows"/>: the top ARGV[1] and everyone tied with the last of them.
    /// Returns nil when the set is not built, else {size, members with scores, their names}.</summary>
    public static readonly LuaScript Top = LuaScript.Prepare("""
        if redis.call('EXISTS', KEYS[2]) == 0 then return nil end
        local total = redis.call('ZCARD', KEYS[1])
        local n = tonumber(ARGV[1])
        local rows
        if total <= n then
            rows = redis.call('ZREVRANGE', KEYS[1], 0, -1, 'WITHSCORES')
        else
            local last = redis.call('ZREVRANGE', KEYS[1], n - 1, n - 1, 'WITHSCORES')
            rows = redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', last[2], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
        end
        if #rows == 0 then return {total, rows, {}} end
        local ids = {}
        for i = 1, #rows, 2 do ids[#ids + 1] = rows[i] end
        return {total, rows, redis.call('HMGET', KEYS[3], unpack(ids))}
        """);

    /// <summary>One member's place. Returns nil when the set is not built, {} when the member is not on it, else
    /// {score, members with more points, size, the next higher score or '', that score's rank or 0, name or nil}.</summary>
    public static readonly LuaScript Rank = LuaScript.Prepare("""
        if redis.call('EXISTS', KEYS[2]) == 0 then return nil end
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score then return {} end
        local higher = redis.call('ZCOUNT', KEYS[1], '(' .. score, '+inf')
        local up = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. score, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
        local nextScore, nextRank = '', 0
        if #up > 0 then
            nextScore = up[2]
            nextRank = redis.call('ZCOUNT', KEYS[1], '(' .. nextScore, '+inf') + 1
        end
        return {score, higher, redis.call('ZCARD', KEYS[1]), nextScore, nextRank, redis.call('HGET', KEYS[3], ARGV[1])}
        """);

    /// <summary>The most rows one top read returns (a tie at the last place larger than this is cut).</summary>
    public const int MaxRows = 1000;
}
