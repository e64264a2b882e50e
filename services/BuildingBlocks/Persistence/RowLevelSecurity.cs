using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using SheqingMinyi.BuildingBlocks.Tenancy;

namespace SheqingMinyi.BuildingBlocks.Persistence;

/// <summary>
/// PostgreSQL row-level security, the backstop behind the EF query filters. The application's connections switch
/// to <see cref="AppRole"/>, which owns no table and so is subject to the policies, and carry the scope's tenant in
/// <c>app.tenant_id</c>; a policy on every tenant-owned table shows and accepts only rows of that tenant, and
/// nothing when it is unset. Migrations, the outbox relay and the demo seeder run as the owner.
/// </summary>
public static class RowLevelSecurity
{
    public const string AppRole = "sqmy_app";
    public const string TenantSetting = "app.tenant_id";

    /// <summary>Creates the role (once per cluster), grants it the tables, and puts a tenant policy on each named table.</summary>
    public static void EnableTenantRowSecurity(this MigrationBuilder migration, params string[] tenantTables)
    {
        // Roles are shared by the cluster's databases, which may migrate at the same moment: tolerate the race.
        migration.Sql($"""
            DO $$ BEGIN
                CREATE ROLE {AppRole} NOLOGIN;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$;
            DO $$ BEGIN
                IF NOT pg_has_role(CURRENT_USER, '{AppRole}', 'MEMBER') THEN EXECUTE 'GRANT {AppRole} TO ' || quote_ident(CURRENT_USER); END IF;
            EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
            END $$;
            GRANT USAGE ON SCHEMA public TO {AppRole};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {AppRole};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {AppRole};
            """);
        foreach (var table in tenantTables)
            migration.Sql($"""
                ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
                DROP POLICY IF EXISTS tenant_isolation ON {table};
                CREATE POLICY tenant_isolation ON {table} TO {AppRole}
                    USING (tenant_id = current_setting('{TenantSetting}', true))
                    WITH CHECK (tenant_id = current_setting('{TenantSetting}', true));
                """);
    }
}

/// <summary>Puts each opened connection of a scope's DbContext under the application role and the scope's tenant.</summary>
public sealed class TenantSessionInterceptor(TenantContext tenant) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        foreach (var command in Commands(connection)) using (command) command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        foreach (var command in Commands(connection)) await using (command) await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private IEnumerable<DbCommand> Commands(DbConnection connection)
    {
        if (tenant.RunsAsOwner)
        {
            yield return Command(connection, "RESET ROLE");
            yield break;
        }
        yield return Command(connection, $"SET ROLE {RowLevelSecurity.AppRole}");
        var set = Command(connection, $"SELECT set_config('{RowLevelSecurity.TenantSetting}', @tenant, false)");
        var parameter = set.CreateParameter();
        parameter.ParameterName = "tenant";
        parameter.Value = tenant.IsSet ? tenant.TenantId : "";
        set.Parameters.Add(parameter);
        yield return set;
    }

    private static DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
