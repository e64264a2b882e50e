using StackExchange.Redis;

namespace SheqingMinyi.Scoring.Leaderboards;

/// <summary>
/// The Lua the boards run in Redis, each one atomic round trip. A person's score is only ever set together with the
/// number of ledger entries it sums, and only when that number is larger than the stored one (see
/// <see cref="LeaderboardStore"/> for why a larger count is always the newer total).
/// </summary>
internal static class LeaderboardScripts
{
    /// <summary>KEYS: per board (persons, counts, built, building, next persons, next counts, next building, switch
    /// pending). ARGV: person, then per board (points, entries). While a rule change builds the next board, only that
    /// one takes it (the live board keeps the old totals until the switch); while a switch is pending but its builder
    /// is gone (a crash, its lease lapsed) none does: the live board stays old and the reconciler's next board is built
    /// from the ledger, which has the entry. Else only boards built or being built take it: any other board will be
    /// built from a snapshot that has the entry.</summary>
    public static readonly LuaScript Apply = LuaScript.Prepare("""
        local person = ARGV[1]
        for b = 0, #KEYS / 8 - 1 do
            local k = 8 * b
            local board, counts
            if redis.call('EXISTS', KEYS[k + 7]) > 0 then
                board, counts = KEYS[k + 5], KEYS[k + 6]
            elseif redis.call('EXISTS', KEYS[k + 8]) > 0 then
                board = nil
            elseif redis.call('EXISTS', KEYS[k + 3], KEYS[k + 4]) > 0 then
                board, counts = KEYS[k + 1], KEYS[k + 2]
            end
            if board then
                local entries = tonumber(ARGV[2 * b + 3])
                if entries > tonumber(redis.call('HGET', counts, person) or '0') then
                    redis.call('ZADD', board, ARGV[2 * b + 2], person)
                    redis.call('HSET', counts, person, entries)
                end
            end
        end
        return 1
        """);

    /// <summary>A rule change's one step: per board (the keys of <see cref="Apply"/>), the next board and counts
    /// replace the live ones (none: nobody has points), it is marked built and the next lease and the pending mark end. Atomic, so a
    /// reader sees every board of the change old or every one new.</summary>
    public static readonly LuaScript Switch = LuaScript.Prepare("""
        for b = 0, #KEYS / 8 - 1 do
            local k = 8 * b
            if redis.call('EXISTS', KEYS[k + 5]) > 0 then redis.call('RENAME', KEYS[k + 5], KEYS[k + 1]) else redis.call('DEL', KEYS[k + 1]) end
            if redis.call('EXISTS', KEYS[k + 6]) > 0 then redis.call('RENAME', KEYS[k + 6], KEYS[k + 2]) else redis.call('DEL', KEYS[k + 2]) end
            redis.call('SET', KEYS[k + 3], '1')
            redis.call('DEL', KEYS[k + 7], KEYS[k + 8])
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
