using Npgsql;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Reads the service's own database directly, to check what an API call wrote (or did not).</summary>
internal static class IntakeDb
{
    public sealed record RowCounts(long Submissions, long Outbox, long Inbox);

    public static async Task<RowCounts> CountsAsync(string connectionString) => new(
        await ScalarAsync<long>(connectionString, "SELECT count(*) FROM submissions"),
        await ScalarAsync<long>(connectionString, "SELECT count(*) FROM outbox_messages"),
        await ScalarAsync<long>(connectionString, "SELECT count(*) FROM inbox_messages"));

    public sealed record OutboxRow(Guid Id, string TenantId, string Type, string Payload, DateTimeOffset? PublishedAt);

    /// <summary>The outbox rows whose payload names <paramref name="submissionId"/>.</summary>
    public static async Task<List<OutboxRow>> OutboxForAsync(string connectionString, Guid submissionId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT id, tenant_id, type, payload::text, published_at FROM outbox_messages
            WHERE payload->>'submissionId' = $1 ORDER BY created_at
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = submissionId.ToString() });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
            rows.Add(new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        return rows;
    }

    public static Task<long> InboxRowsForAsync(string connectionString, Guid eventId) =>
        ScalarAsync<long>(connectionString, "SELECT count(*) FROM inbox_messages WHERE event_id = $1", eventId);

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }
}
