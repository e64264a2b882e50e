using Npgsql;
using SheqingMinyi.BuildingBlocks.Persistence;

namespace SheqingMinyi.Tests;

/// <summary>
/// What the database itself says about tenant safety: every table in schema public with a tenant_id column must
/// have row security enabled and forced, and a policy for the application role whose USING and WITH CHECK compare
/// tenant_id with the connection's tenant. Read from pg_catalog, so a table made any way at all is seen.
/// </summary>
public static class RowSecurityCatalog
{
    public sealed record TenantTable(string Name, bool Enabled, bool Forced, bool HasTenantPolicy)
    {
        public bool IsProtected => Enabled && Forced && HasTenantPolicy;

        public override string ToString() =>
            $"{Name}: {(Enabled ? "" : "row security not enabled; ")}{(Forced ? "" : "not forced; ")}{(HasTenantPolicy ? "" : "no tenant policy")}".TrimEnd(' ', ';');
    }

    private const string Sql = $"""
        SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
               EXISTS (SELECT FROM pg_policy p
                       WHERE p.polrelid = c.oid AND p.polcmd = '*'
                         AND p.polroles @> ARRAY[(SELECT oid FROM pg_roles WHERE rolname = '{RowLevelSecurity.AppRole}')]
                         AND pg_get_expr(p.polqual, p.polrelid) LIKE '%tenant_id%{RowLevelSecurity.TenantSetting}%'
                         AND pg_get_expr(p.polwithcheck, p.polrelid) LIKE '%tenant_id%{RowLevelSecurity.TenantSetting}%')
        FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
          AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
        ORDER BY c.relname
        """;

    /// <summary>Every table of the database that has a tenant_id column, with what protects it.</summary>
    public static async Task<IReadOnlyList<TenantTable>> TenantTablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<TenantTable>();
        while (await reader.ReadAsync())
            tables.Add(new(reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3)));
        return tables;
    }

    /// <summary>The tenant tables that lack something, each saying what; empty when all are safe.</summary>
    public static async Task<IReadOnlyList<TenantTable>> UnprotectedAsync(string connectionString) =>
        [.. (await TenantTablesAsync(connectionString)).Where(t => !t.IsProtected)];
}
