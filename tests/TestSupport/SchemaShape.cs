using Npgsql;

namespace SheqingMinyi.Tests;

/// <summary>
/// A database's shape as comparable lines "table | kind | detail": columns, constraints, indexes, triggers, row
/// security, policies and grants from pg_catalog, plus the functions and both migration histories. Two databases
/// with equal lines are the same to every query the services run.
/// </summary>
public static class SchemaShape
{
    private const string Sql = """
        SELECT table_name, 'column', format('%s %s %s nullable=%s default=%s', ordinal_position, column_name,
               coalesce(udt_name || '(' || character_maximum_length || ')', udt_name), is_nullable, coalesce(column_default, '-'))
          FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL
        SELECT conrelid::regclass::text, 'constraint', conname || ' ' || pg_get_constraintdef(oid)
          FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        UNION ALL
        SELECT tablename, 'index', indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL
        SELECT tgrelid::regclass::text, 'trigger', pg_get_triggerdef(oid) FROM pg_trigger
          WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
        UNION ALL
        SELECT relname, 'row security', format('enabled=%s forced=%s', relrowsecurity, relforcerowsecurity)
          FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
        UNION ALL
        SELECT tablename, 'policy', format('%s %s %s to %s using %s check %s', policyname, permissive, cmd, roles, qual, with_check)
          FROM pg_policies WHERE schemaname = 'public'
        UNION ALL
        SELECT table_name, 'grant', grantee || ' ' || privilege_type
          FROM information_schema.role_table_grants WHERE table_schema = 'public'
        UNION ALL
        SELECT '~function', 'function', proname || ' ' || md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
        """;

    public static async Task<IReadOnlyList<string>> DescribeAsync(string connectionString, Func<string, bool>? tables = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var lines = new List<string>();
        await using (var command = new NpgsqlCommand(Sql, connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                if (tables is null || tables(reader.GetString(0)))
                    lines.Add($"{reader.GetString(0)} | {reader.GetString(1)} | {reader.GetString(2)}");
        if (tables is null)
        {
            lines.AddRange((await ListAsync(connection, "SELECT migration_id FROM \"__EFMigrationsHistory\"")).Select(m => $"~history | ef | {m}"));
            lines.AddRange((await ListAsync(connection, "SELECT version || ' ' || name || ' ' || checksum FROM platform_schema_history"))
                .Select(s => $"~history | platform | {s}"));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
