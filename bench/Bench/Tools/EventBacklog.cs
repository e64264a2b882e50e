using System.Diagnostics;
using Npgsql;
using StackExchange.Redis;

namespace SheqingMinyi.Bench.Tools;

/// <summary>
/// The platform's event backlog: outbox rows not yet published (every service database) and stream entries a
/// consumer group has not read or not acknowledged (every sqmy:events:* stream). A CPU figure per operation that
/// claims "events worked off included" is read from drained to drained; on a loaded machine the consumers trail the
/// load by many seconds, and a fixed settle would count another run's events or leave this run's out.
/// </summary>
public static class EventBacklog
{
    public static async Task<long> CountAsync(IConnectionMultiplexer redis, string superuser)
    {
        long backlog = 0;
        var server = redis.GetServers().First();
        var db = redis.GetDatabase();
        await foreach (var key in server.KeysAsync(pattern: "sqmy:events:*"))
        {
            if (await db.KeyTypeAsync(key) != RedisType.Stream) continue;
            foreach (var group in (RedisResult[])(await db.ExecuteAsync("XINFO", "GROUPS", (string)key!))!)
            {
                var fields = (RedisResult[])group!;
                for (var i = 0; i + 1 < fields.Length; i += 2)
                    if ((string?)fields[i] is "pending" or "lag" && !fields[i + 1].IsNull) backlog += (long)fields[i + 1];
            }
        }
        await using var connection = new NpgsqlConnection(superuser);
        await connection.OpenAsync();
        var databases = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) databases.Add(reader.GetString(0));
        foreach (var name in databases)
        {
            await using var per = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(superuser) { Database = name }.ConnectionString);
            await per.OpenAsync();
            await using var count = new NpgsqlCommand(
                "SELECT CASE WHEN to_regclass('outbox_messages') IS NULL THEN 0 ELSE (SELECT count(*) FROM outbox_messages WHERE published_at IS NULL) END", per);
            backlog += (long)(await count.ExecuteScalarAsync())!;
        }
        return backlog;
    }

    /// <summary>Waits until nothing is left (polling every 250 ms) or the time is up; answers the seconds waited and what was left.</summary>
    public static async Task<(double Seconds, long Left)> DrainAsync(IConnectionMultiplexer redis, string superuser, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        long left;
        while ((left = await CountAsync(redis, superuser)) > 0 && clock.Elapsed < limit)
            await Task.Delay(250);
        return (clock.Elapsed.TotalSeconds, left);
    }
}
