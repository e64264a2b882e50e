using Npgsql;

namespace SheqingMinyi.People.Tests;

/// <summary>A tenant of its own, for tests whose assertions depend on what else the tenant holds.</summary>
internal static class Tenants
{
    public static string New() => $"t{Guid.NewGuid():N}"[..12];
}

/// <summary>Reads the service's own database directly, to check what an API call wrote (or did not).</summary>
internal static class PeopleDb
{
    public sealed record RowCounts(long Units, long Persons, long Outbox);

    public static async Task<RowCounts> CountsAsync(string connectionString) => new(
        await ScalarAsync<long>(connectionString, "SELECT count(*) FROM units"),
        await ScalarAsync<long>(connectionString, "SELECT count(*) FROM persons"),
        await ScalarAsync<long>(connectionString, "SELECT count(*) FROM outbox_messages"));

    public sealed record OutboxRow(Guid Id, string TenantId, string Type, string Payload);

    /// <summary>Outbox rows of <paramref name="type"/> whose payload field <paramref name="idField"/> is <paramref name="id"/>.</summary>
    public static async Task<List<OutboxRow>> OutboxAsync(string connectionString, string type, string idField, Guid id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id, tenant_id, type, payload::text FROM outbox_messages WHERE type = $1 AND payload->>$2 = $3 ORDER BY created_at",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = type });
        command.Parameters.Add(new NpgsqlParameter { Value = idField });
        command.Parameters.Add(new NpgsqlParameter { Value = id.ToString() });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
            rows.Add(new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return rows;
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }
}
