using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Leaderboards;
using SheqingMinyi.Scoring.Ledger;
using SheqingMinyi.Tests;
using StackExchange.Redis;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>Ledger rows written with SQL (fast, as many as a test needs) and the totals the boards must show.</summary>
public sealed class LedgerRows(ServiceFactory<Program> factory)
{
    public LeaderboardStore Store => factory.Services.GetRequiredService<LeaderboardStore>();

    /// <summary>One entry, committed, as AwardPoints would write it.</summary>
    public async Task InsertAsync(string tenant, Guid person, decimal points, DateTimeOffset occurredAt)
    {
        await using var source = NpgsqlDataSource.Create(factory.ConnectionString);
        await using var insert = source.CreateCommand("""
            INSERT INTO ledger_entries (id, tenant_id, person_id, reason, source_id, points, rule_version, occurred_at, recorded_at)
            VALUES (gen_random_uuid(), $1, $2, 'submitted', gen_random_uuid(), $3, 1, $4, now())
            """);
        insert.Parameters.Add(new() { Value = tenant });
        insert.Parameters.Add(new() { Value = person });
        insert.Parameters.Add(new() { Value = points });
        insert.Parameters.Add(new() { Value = occurredAt.ToUniversalTime() });
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>Facts written straight into score_facts priced into the ledger, as the consumers would have, and the
    /// boards of their periods built.</summary>
    public async Task SettleAsync(string tenant)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var db = scope.ServiceProvider.GetRequiredService<ScoringDbContext>();
        var months = await LedgerSettlement.SettleTenantAsync(db, tenant, new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero),
            DateTimeOffset.UtcNow, CancellationToken.None);
        foreach (var key in months.SelectMany(m => ScoringPeriod.KeysFor(m.At)).Distinct())
            await Store.EnsureBuiltAsync(() => db, tenant, ScoringPeriod.TryParse(key, out var period) ? period : throw new InvalidOperationException(key),
                CancellationToken.None);
    }

    /// <summary>Runs any SQL as the tables' owner (e.g. generate_series inserts).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var source = NpgsqlDataSource.Create(factory.ConnectionString);
        await using var command = source.CreateCommand(sql);
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Each person's points in [start, end) according to the ledger.</summary>
    public async Task<Dictionary<Guid, decimal>> TotalsAsync(string tenant, DateTimeOffset start, DateTimeOffset end)
    {
        await using var source = NpgsqlDataSource.Create(factory.ConnectionString);
        await using var query = source.CreateCommand("""
            SELECT person_id, sum(points) FROM ledger_entries
            WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY person_id
            """);
        query.Parameters.Add(new() { Value = tenant });
        query.Parameters.Add(new() { Value = start.ToUniversalTime() });
        query.Parameters.Add(new() { Value = end.ToUniversalTime() });
        var totals = new Dictionary<Guid, decimal>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) totals[reader.GetGuid(0)] = reader.GetDecimal(1);
        return totals;
    }

    /// <summary>What the service does after an entry commits, in a scope of the tenant as the consumer's.</summary>
    public async Task ApplyAsync(string tenant, Guid person, DateTimeOffset occurredAt)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        await Store.ApplyAsync(scope.ServiceProvider.GetRequiredService<ScoringDbContext>(), tenant, person, occurredAt.ToUniversalTime(), CancellationToken.None);
    }

    /// <summary>The whole sorted set of a board, straight from Redis.</summary>
    public async Task<Dictionary<Guid, decimal>> BoardAsync(string tenant, string period)
    {
        var redis = await StreamFeeder.RedisAsync();
        var rows = await redis.SortedSetRangeByRankWithScoresAsync(Store.Keys(tenant, period).Board);
        return rows.ToDictionary(r => Guid.Parse(r.Element.ToString()), r => (decimal)r.Score);
    }

    /// <summary>Every Redis key of a tenant's boards and names with its type and size.</summary>
    public async Task<SortedDictionary<string, (RedisType Type, long Size)>> KeysAsync(string tenant)
    {
        var server = await StreamFeeder.RedisServerAsync();
        var redis = await StreamFeeder.RedisAsync();
        var prefix = $"{factory.RedisPrefix}:lb:{tenant}:";
        var keys = new SortedDictionary<string, (RedisType, long)>();
        await foreach (var key in server.KeysAsync(pattern: $"{prefix}*"))
        {
            var type = await redis.KeyTypeAsync(key);
            var size = type switch
            {
                RedisType.SortedSet => await redis.SortedSetLengthAsync(key),
                RedisType.Hash => await redis.HashLengthAsync(key),
                RedisType.Set => await redis.SetLengthAsync(key),
                _ => 1,
            };
            keys[key.ToString()[prefix.Length..]] = (type, size);
        }
        return keys;
    }

    /// <summary>Drops a board's keys (sorted set, counts, built flag), as an eviction or a flush would.</summary>
    public async Task DropBoardAsync(string tenant, string period)
    {
        var keys = Store.Keys(tenant, period);
        await (await StreamFeeder.RedisAsync()).KeyDeleteAsync([keys.Board, keys.Counts, keys.Built]);
    }
}
