using StackExchange.Redis;

namespace SheqingMinyi.Scoring.Leaderboards;

/// <summary>
/// The Lua the boards run in Redis, each one atomic round trip. A person's score is only ever set together with the
/// number of ledger entries it sums, and only when that number is larger than the stored one (see
/// <see cref="LeaderboardStore"/> for why a larger count is always the newer total).
/// </summary>
internal static class LeaderboardScripts
{
    /// <summary>KEYS: per board (persons, counts, built, building). ARGV: person, then per board (points, entries).
    /// Only boards built or being built take it: any other board will be built from a snapshot that has the entry.</summary>
    public static readonly LuaScript Apply = LuaScript.Prepare("""
        local person = ARGV[1]
        for b = 0, #KEYS / 4 - 1 do
            if redis.call('EXISTS', KEYS[4 * b + 3], KEYS[4 * b + 4]) > 0 then
                local entries = tonumber(ARGV[2 * b + 3])
                if entries > tonumber(redis.call('HGET', KEYS[4 * b + 2], person) or '0') then
                    redis.call('ZADD', KEYS[4 * b + 1], ARGV[2 * b + 2], person)
                    redis.call('HSET', KEYS[4 * b + 2], person, entries)
                end
            end
        end
        return 1
        """);

    /// <summary>A rebuild's batch. KEYS: persons, counts, building. ARGV: lease in ms, then (person, points, entries)
    /// triples. Renews the building lease so applies keep writing while the rebuild runs.</summary>
    public static readonly LuaScript Fill = LuaScript.Prepare("""
        redis.call('PEXPIRE', KEYS[3], ARGV[1])
        for i = 2, #ARGV, 3 do
            local entries = tonumber(ARGV[i + 2])
            if entries > tonumber(redis.call('HGET', KEYS[2], ARGV[i]) or '0') then
                redis.call('ZADD', KEYS[1], ARGV[i + 1], ARGV[i])
                redis.call('HSET', KEYS[2], ARGV[i], entries)
            end
        end
        return 1
        """);

    /// <summary>KEYS: built, building.</summary>
    public static readonly LuaScript Finish = LuaScript.Prepare("""
        redis.call('SET', KEYS[1], '1')
        redis.call('DEL', KEYS[2])
        return 1
        """);

    /// <summary>The warm read in one round trip. KEYS: persons, built, names. ARGV: top.
    /// Returns nil when the board is not built, else {members with scores, their names (nil where unknown)}.</summary>
    public static readonly LuaScript Top = LuaScript.Prepare("""
        if redis.call('EXISTS', KEYS[2]) == 0 then return nil end
        local rows = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
        if #rows == 0 then return {rows, {}} end
        local ids = {}
        for i = 1, #rows, 2 do ids[#ids + 1] = rows[i] end
        return {rows, redis.call('HMGET', KEYS[3], unpack(ids))}
        """);

    /// <summary>One person's place in one round trip. KEYS: persons, built, names. ARGV: person.
    /// Returns nil when the board is not built, {} when the person is not on it, else {rank (0-based), score, name}.</summary>
    public static readonly LuaScript Rank = LuaScript.Prepare("""
        if redis.call('EXISTS', KEYS[2]) == 0 then return nil end
        local rank = redis.call('ZREVRANK', KEYS[1], ARGV[1])
        if not rank then return {} end
        return {rank, redis.call('ZSCORE', KEYS[1], ARGV[1]), redis.call('HGET', KEYS[3], ARGV[1])}
        """);

    /// <summary>Names read from the database after a miss. KEYS: names. ARGV: (person, name) pairs. HSETNX: a name
    /// the event handler wrote meanwhile is newer than what the fallback read, so it is never overwritten.</summary>
    public static readonly LuaScript FillNames = LuaScript.Prepare("""
        for i = 1, #ARGV, 2 do redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
        return 1
        """);
}
