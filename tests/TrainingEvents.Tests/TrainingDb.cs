using Npgsql;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>A tenant of its own, for tests whose assertions depend on what else the tenant holds.</summary>
internal static class Tenants
{
    public static string New() => $"t{Guid.NewGuid():N}"[..12];
}

/// <summary>Reads the service's own database directly, to check what an API call wrote (or did not).</summary>
internal static class TrainingDb
{
    public sealed record RowCounts(long Events, long Attendances, long Outbox);

    public static async Task<RowCounts> CountsAsync(string connectionString) => new(
        await ScalarAsync<long>(connectionString, "SELECT count(*) FROM training_events"),
        await ScalarAsync<long>(connectionString, "SELECT count(*) FROM attendances"),
        await ScalarAsync<long>(connectionString, "SELECT count(*) FROM outbox_messages"));

    public sealed record OutboxRow(Guid Id, string TenantId, string Type, string Payload, DateTimeOffset? PublishedAt);

    /// <summary>The AttendanceRecorded outbox rows of one event.</summary>
    public static async Task<List<OutboxRow>> AttendanceEventsAsync(string connectionString, Guid trainingEventId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT id, tenant_id, type, payload::text, published_at FROM outbox_messages
            WHERE type = 'AttendanceRecorded' AND payload->>'trainingEventId' = $1 ORDER BY created_at
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = trainingEventId.ToString() });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
            rows.Add(new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        return rows;
    }

    public static Task<long> AttendancesOfAsync(string connectionString, Guid trainingEventId) =>
        ScalarAsync<long>(connectionString, "SELECT count(*) FROM attendances WHERE training_event_id = $1", trainingEventId);

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }
}
