using System.Globalization;
using System.Text;
using Npgsql;

namespace SheqingMinyi.Bench.Tools;

/// <summary>
/// What PostgreSQL did during a measured run, across every database of the cluster: statements by total execution
/// time (pg_stat_statements, loaded by the AppHost in local mode), transactions and backends started per database
/// (pg_stat_database), WAL written and flushed (pg_stat_wal), checkpoints (pg_stat_bgwriter), and the tables' scans
/// and vacuums (pg_stat_user_tables). Read before and after; <see cref="Report"/> divides by the operations done.
/// Needs the cluster's superuser (the databases' owner login in local mode).
/// </summary>
public sealed class PgStats
{
    private readonly string _superuser;
    private Snapshot? _before;

    private PgStats(string superuser) => _superuser = superuser;

    /// <summary>Null (with the reason) when pg_stat_statements is not loaded: a platform started before it was.</summary>
    public static async Task<(PgStats? Stats, string? Why)> TryStartAsync(string ownerConnectionString)
    {
        var superuser = Superuser(ownerConnectionString);
        try
        {
            await using var connection = new NpgsqlConnection(superuser);
            await connection.OpenAsync();
            await Execute(connection, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            // Planning too (the bench's own cluster; a reload, no restart): a statement sent unprepared is planned per call.
            await Execute(connection, "ALTER SYSTEM SET pg_stat_statements.track_planning = on");
            await Execute(connection, "SELECT pg_reload_conf()");
            var stats = new PgStats(superuser);
            await Execute(connection, "SELECT pg_stat_statements_reset()");
            stats._before = await stats.ReadAsync();
            return (stats, null);
        }
        catch (PostgresException e) { return (null, e.MessageText); }
    }

    /// <summary>The cluster's superuser in the postgres database: in local mode the databases' owner login is it.</summary>
    public static string Superuser(string ownerConnectionString) =>
        new NpgsqlConnectionStringBuilder(ownerConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;

    public async Task<string> ReportAsync(double operations, string label)
    {
        var after = await ReadAsync();
        var before = _before!;
        var text = new StringBuilder($"### PostgreSQL per {label} ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {operations:0} operations)\n\n");

        var statements = await StatementsAsync();
        var totalMs = statements.Sum(s => s.TotalMs + s.PlanMs);
        text.Append($"Statements (pg_stat_statements, top level, all databases): {statements.Sum(s => s.TotalMs) / operations:0.###} ms of execution, " +
                    $"{statements.Sum(s => s.PlanMs) / operations:0.###} ms of planning in {statements.Sum(s => s.Plans) / operations:0.#} plans, " +
                    $"{statements.Sum(s => s.Calls) / operations:0.#} calls per {label}.\n\n");
        text.Append("| database | user | calls per op | exec ms per op | plan ms per op | mean exec ms | rows per op | share (exec + plan) | statement |\n|---|---|---|---|---|---|---|---|---|\n");
        foreach (var s in statements.OrderByDescending(s => s.TotalMs + s.PlanMs).Take(30))
            text.Append($"| {s.Database} | {s.User} | {s.Calls / operations:0.##} | {s.TotalMs / operations:0.###} | {s.PlanMs / operations:0.###} | " +
                        $"{s.TotalMs / Math.Max(1, s.Calls):0.###} | {s.Rows / operations:0.##} | {(s.TotalMs + s.PlanMs) / totalMs:P1} | `{s.Query}` |\n");

        text.Append("\n| database | commits per op | rollbacks per op | backends started per op | blocks hit per op | blocks read per op | rows inserted/updated/deleted per op |\n|---|---|---|---|---|---|---|\n");
        foreach (var (db, a) in after.Databases.OrderBy(d => d.Key))
        {
            var b = before.Databases.GetValueOrDefault(db) ?? new long[a.Length];
            double Per(int i) => (a[i] - b[i]) / operations;
            if (a.Zip(b).All(p => p.First == p.Second)) continue;
            text.Append($"| {db} | {Per(0):0.##} | {Per(1):0.##} | {Per(2):0.###} | {Per(3):0.#} | {Per(4):0.##} | {Per(5):0.##}/{Per(6):0.##}/{Per(7):0.##} |\n");
        }

        text.Append($"\nWAL per op: {(after.Wal[0] - before.Wal[0]) / operations:0.#} records, {(after.Wal[1] - before.Wal[1]) / operations:0} bytes, " +
                    $"{(after.Wal[2] - before.Wal[2]) / operations:0.##} writes, {(after.Wal[3] - before.Wal[3]) / operations:0.##} syncs; " +
                    $"checkpoints timed/requested {after.Checkpoints[0] - before.Checkpoints[0]}/{after.Checkpoints[1] - before.Checkpoints[1]}, " +
                    $"buffers written by backends {after.Checkpoints[2] - before.Checkpoints[2]}.\n");

        text.Append("\n| table | seq scans per op | rows read by seq scans per op | index scans per op | autovacuums | autoanalyzes |\n|---|---|---|---|---|---|\n");
        var tables = after.Tables.Select(t => (t.Key, Delta: t.Value.Zip(before.Tables.GetValueOrDefault(t.Key) ?? new long[t.Value.Length], (x, y) => x - y).ToArray()))
            .Where(t => t.Delta.Any(d => d != 0)).OrderByDescending(t => t.Delta[1]).ThenByDescending(t => t.Delta[2]).Take(15);
        foreach (var (table, d) in tables)
            text.Append($"| {table} | {d[0] / operations:0.##} | {d[1] / operations:0.#} | {d[2] / operations:0.##} | {d[3]} | {d[4]} |\n");
        return text.ToString();
    }

    private sealed record Statement(string Database, string User, long Calls, double TotalMs, long Rows, string Query, long Plans, double PlanMs);

    private async Task<List<Statement>> StatementsAsync()
    {
        await using var connection = new NpgsqlConnection(_superuser);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT d.datname, r.rolname, s.calls, s.total_exec_time, s.rows, s.query, s.plans, s.total_plan_time
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid JOIN pg_roles r ON r.oid = s.userid
            WHERE s.toplevel AND s.query NOT LIKE '%pg_stat_statements%'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<Statement>();
        while (await reader.ReadAsync())
        {
            var query = string.Join(' ', reader.GetString(5).Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries)).Replace("|", "\\|");
            list.Add(new Statement(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetInt64(4),
                query.Length > 220 ? query[..220] + "…" : query, reader.GetInt64(6), reader.GetDouble(7)));
        }
        return list;
    }

    private sealed record Snapshot(Dictionary<string, long[]> Databases, long[] Wal, long[] Checkpoints, Dictionary<string, long[]> Tables);

    private async Task<Snapshot> ReadAsync()
    {
        await using var connection = new NpgsqlConnection(_superuser);
        await connection.OpenAsync();
        var databases = await RowsAsync(connection, """
            SELECT datname, xact_commit, xact_rollback, sessions, blks_hit, blks_read, tup_inserted, tup_updated, tup_deleted
            FROM pg_stat_database WHERE datname IS NOT NULL
            """);
        var wal = (await RowsAsync(connection, "SELECT 'wal', wal_records, wal_bytes::bigint, wal_write, wal_sync FROM pg_stat_wal")).Values.Single();
        var checkpoints = (await RowsAsync(connection, "SELECT 'bg', checkpoints_timed, checkpoints_req, buffers_backend FROM pg_stat_bgwriter")).Values.Single();
        var tables = new Dictionary<string, long[]>();
        foreach (var db in databases.Keys.Where(d => d is not ("postgres" or "template0" or "template1")))
        {
            await using var per = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_superuser) { Database = db }.ConnectionString);
            await per.OpenAsync();
            foreach (var (table, values) in await RowsAsync(per, $"""
                SELECT '{db}.' || relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0), autovacuum_count, autoanalyze_count FROM pg_stat_user_tables
                """))
                tables[table] = values;
        }
        return new Snapshot(databases, wal, checkpoints, tables);
    }

    private static async Task<Dictionary<string, long[]>> RowsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, long[]>();
        while (await reader.ReadAsync())
            rows[reader.GetString(0)] = Enumerable.Range(1, reader.FieldCount - 1)
                .Select(i => reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture)).ToArray();
        return rows;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
