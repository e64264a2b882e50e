using Npgsql;

namespace SheqingMinyi.Tests;

/// <summary>A tenant of its own, for tests whose assertions depend on what else the tenant holds.</summary>
public static class Tenants
{
    public static string New() => $"t{Guid.NewGuid():N}"[..12];
}

/// <summary>Reads a fixture's database directly as its owner, to check what an API call wrote (or did not).</summary>
public static class TestDb
{
    public sealed record OutboxRow(Guid Id, string TenantId, string Type, string Payload, DateTimeOffset? PublishedAt);

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }

    /// <summary>Rows in <paramref name="table"/>, whatever the tenant.</summary>
    public static Task<long> CountAsync(string connectionString, string table) =>
        ScalarAsync<long>(connectionString, $"SELECT count(*) FROM {table}");

    /// <summary>Outbox rows matching <paramref name="where"/> (positional parameters $1…), oldest first.</summary>
    public static async Task<List<OutboxRow>> OutboxAsync(string connectionString, string where, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT id, tenant_id, type, payload::text, published_at FROM outbox_messages WHERE {where} ORDER BY created_at", connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
            rows.Add(new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        return rows;
    }
}
