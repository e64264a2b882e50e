using Npgsql;

namespace SheqingMinyi.Bench.Seed;

/// <summary>
/// Bench volume straight into the scoring database (owner login): <c>persons</c> named persons and <c>rows</c>
/// ledger entries in one year that nothing else uses (2031…), so a board of that period holds only bench data.
/// Kept between runs: a period already holding exactly that many rows is not seeded again.
/// </summary>
public static class LedgerSeed
{
    public static async Task EnsureAsync(string ownerConnectionString, string tenant, int year, int persons, int rows)
    {
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync();
        var prefix = $"b0{year:0000}00"; // person ids b0YYYY00-0000-4000-8000-<n>: this year's bench persons only
        var present = await ScalarAsync<long>(connection,
            "SELECT count(*) FROM ledger_entries WHERE tenant_id = @t AND reason = 'bench' AND person_id::text LIKE @p || '%'", tenant, prefix);
        if (present == rows) return;

        Console.WriteLine($"  seeding {persons:N0} persons, {rows:N0} ledger rows in {year} …");
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, "DELETE FROM ledger_entries WHERE tenant_id = @t AND reason = 'bench' AND person_id::text LIKE @p || '%'", tenant, prefix);
        // Each person gets rows/persons entries, in the year (Beijing time), recorded a day ago so no rebuild
        // treats them as recent commits; points 1-10.
        await ExecuteAsync(connection, $"""
            INSERT INTO directory_persons (tenant_id, person_id, name, unit_id, version)
            SELECT @t, ('{prefix}-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, '测试人员' || i, NULL, 1
            FROM generate_series(1, {persons}) i
            ON CONFLICT DO NOTHING;
            INSERT INTO ledger_entries (id, tenant_id, person_id, unit_id, reason, source_id, points, rule_version, occurred_at, recorded_at, trace_id)
            SELECT gen_random_uuid(), @t, ('{prefix}-0000-4000-8000-' || lpad(to_hex(1 + i % {persons}), 12, '0'))::uuid, NULL, 'bench',
                   gen_random_uuid(), 1 + (i % 10), 1,
                   timestamptz '{year}-01-01 00:00+08' + (i % 360) * interval '1 day', now() - interval '1 day', NULL
            FROM generate_series(1, {rows}) i;
            """, tenant, prefix);
        await transaction.CommitAsync();
        await ExecuteAsync(connection, "ANALYZE ledger_entries; ANALYZE directory_persons", tenant, prefix);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, string tenant, string prefix)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("t", tenant);
        command.Parameters.AddWithValue("p", prefix);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, string tenant, string prefix)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("t", tenant);
        command.Parameters.AddWithValue("p", prefix);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
