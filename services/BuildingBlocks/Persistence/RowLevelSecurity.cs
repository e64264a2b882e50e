using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Tenancy;

namespace SheqingMinyi.BuildingBlocks.Persistence;

/// <summary>
/// PostgreSQL row-level security, the backstop behind the EF query filters. The application's connections log in
/// as a member of <see cref="AppRole"/> (<see cref="ApplicationLogin"/>), which owns no table, and carry the scope's
/// tenant in <c>app.tenant_id</c>; on every tenant-owned table (<see cref="TenantOwnership"/>) the policy
/// <see cref="TenantPolicy"/> shows and accepts only rows of that tenant, and nothing when it is unset. Row security
/// is forced, so the tables' owner (a login of its own, <see cref="DatabaseLogins.Owner"/>) is subject to it too: its
/// policy <see cref="OwnerPolicy"/> lets it work for every tenant (migrations, the outbox relay, the demo seeders),
/// and a login that is neither the owner nor in <see cref="AppRole"/> sees nothing.
/// </summary>
public static class RowLevelSecurity
{
    public const string AppRole = ApplicationLogin.AppRole;
    public const string TenantSetting = "app.tenant_id";
    public const string TenantPolicy = "tenant_isolation";
    public const string OwnerPolicy = "owner_all_tenants";

    /// <summary>
    /// The role (once per cluster; databases migrating at the same moment may race) and its grants: DML on the tables
    /// and use of the sequences, nothing else. Nobody but the owner creates in schema public.
    /// </summary>
    private const string RoleAndGrantsSql = $"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{AppRole}') THEN CREATE ROLE {AppRole} NOLOGIN; END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$;
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        GRANT USAGE ON SCHEMA public TO {AppRole};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {AppRole};
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {AppRole};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {AppRole};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {AppRole};
        """;

    /// <summary>
    /// Enables and forces row security on each table and creates its two policies where missing (a table that has
    /// them all is not altered). Replicas starting together wait for each other on an advisory lock.
    /// </summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, IReadOnlyCollection<string> tenantTables, CancellationToken ct = default)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('sqmy.row_security'))", connection))
            await command.ExecuteNonQueryAsync(ct);
        await using (var command = new NpgsqlCommand(RoleAndGrantsSql, connection))
            await command.ExecuteNonQueryAsync(ct);
        await using (var command = new NpgsqlCommand(PoliciesSql(tenantTables), connection))
            await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static string PoliciesSql(IEnumerable<string> tables) => $$"""
        DO $$
        DECLARE
            name text;
            t regclass;
        BEGIN
            FOREACH name IN ARRAY ARRAY[{{string.Join(", ", tables.Select(Literal).DefaultIfEmpty("NULL"))}}]::text[] LOOP
                CONTINUE WHEN name IS NULL;
                t := to_regclass(format('public.%I', name));
                IF t IS NULL THEN RAISE EXCEPTION 'tenant-owned table % does not exist', name; END IF;
                IF NOT EXISTS (SELECT FROM pg_class WHERE oid = t AND relrowsecurity AND relforcerowsecurity) THEN
                    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', t);
                END IF;
                IF NOT EXISTS (SELECT FROM pg_policy WHERE polrelid = t AND polname = '{{TenantPolicy}}') THEN
                    EXECUTE format('CREATE POLICY {{TenantPolicy}} ON %s TO {{AppRole}} USING (tenant_id = current_setting(%L, true)) WITH CHECK (tenant_id = current_setting(%L, true))',
                        t, '{{TenantSetting}}', '{{TenantSetting}}');
                END IF;
                -- To the table's current owner (re-created if the owner changed).
                IF NOT EXISTS (SELECT FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
                               WHERE p.polrelid = t AND p.polname = '{{OwnerPolicy}}' AND p.polroles = ARRAY[c.relowner]) THEN
                    EXECUTE format('DROP POLICY IF EXISTS {{OwnerPolicy}} ON %s', t);
                    EXECUTE format('CREATE POLICY {{OwnerPolicy}} ON %s TO %I USING (true) WITH CHECK (true)',
                        t, (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = t));
                END IF;
            END LOOP;
        END $$;
        """;

    private static string Literal(string value) => $"'{value.Replace("'", "''")}'";

    /// <summary>
    /// Historical: the services' RowLevelSecurity migrations call this with the tables they listed by hand then.
    /// Nothing new calls it: the marker is the list now, and <see cref="ApplyAsync"/> adds what this lacks (FORCE,
    /// the owner's policy) to databases it ran on.
    /// </summary>
    public static void EnableTenantRowSecurity(this MigrationBuilder migration, params string[] tenantTables)
    {
        migration.Sql(RoleAndGrantsSql);
        foreach (var table in tenantTables)
            migration.Sql($"""
                ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
                DROP POLICY IF EXISTS {TenantPolicy} ON {table};
                CREATE POLICY {TenantPolicy} ON {table} TO {AppRole}
                    USING (tenant_id = current_setting('{TenantSetting}', true))
                    WITH CHECK (tenant_id = current_setting('{TenantSetting}', true));
                """);
    }
}

/// <summary>
/// Gives each connection a scope's DbContext opens the login the scope needs: the application's (the context's
/// configured connection string) carrying the scope's tenant, or the owner's when the scope
/// <see cref="TenantContext.RunsAsOwner"/> (decided when the connection opens, so a scope may switch before its
/// first query). The tenant is set per connection with <c>set_config(..., false)</c> on every open; Npgsql's pool
/// resets a returned connection (<c>DISCARD ALL</c>, unless "No Reset On Close" is set, which nothing here does), so a
/// pooled connection never carries a tenant into the next scope (tested).
/// </summary>
public sealed class TenantSessionInterceptor(TenantContext tenant, DatabaseLogins logins) : DbConnectionInterceptor
{
    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        connection.ConnectionString = logins.For(tenant.RunsAsOwner);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        connection.ConnectionString = logins.For(tenant.RunsAsOwner);
        return ValueTask.FromResult(result);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (tenant.RunsAsOwner) return;
        using var command = SetTenant(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (tenant.RunsAsOwner) return;
        await using var command = SetTenant(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand SetTenant(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"SELECT set_config('{RowLevelSecurity.TenantSetting}', @tenant, false)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "tenant";
        parameter.Value = tenant.IsSet ? tenant.TenantId : "";
        command.Parameters.Add(parameter);
        return command;
    }
}
