using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using Xunit;

namespace SheqingMinyi.Tests;

/// <summary>
/// The database backstop: with the EF query filters out of the way (raw SQL), a service's connection under tenant A
/// still sees and changes no row of tenant B, because of PostgreSQL's row-level security alone; the connection's login
/// cannot become anyone else; and a pooled connection carries no tenant into the next scope.
/// </summary>
public abstract class RowLevelSecurityTests<TProgram, TContext>(ServiceFactory<TProgram> factory)
    where TProgram : class where TContext : DbContext
{
    /// <summary>Tenant-owned tables that <see cref="SeedAsync"/> puts at least one row of the tenant into.</summary>
    protected abstract string[] Tables { get; }

    /// <summary>Creates data of <paramref name="tenant"/> through the service's API (and events) until every table has a row.</summary>
    protected abstract Task SeedAsync(string tenant);

    [Fact]
    public async Task Row_security_alone_hides_and_protects_another_tenants_rows()
    {
        var (a, b) = ($"t{Guid.NewGuid():N}"[..12], $"t{Guid.NewGuid():N}"[..12]);
        await SeedAsync(a);
        await SeedAsync(b);

        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(a);
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        foreach (var table in Tables)
        {
            // The owner sees both tenants' rows: there is something to hide.
            Assert.True(await CountAsOwnerAsync(table, b) > 0, $"{table} has rows of the other tenant");
            var seen = await db.Database.SqlQueryRaw<string>($"SELECT tenant_id AS \"Value\" FROM {table}").ToListAsync();
            Assert.NotEmpty(seen);
            Assert.All(seen, tenant => Assert.Equal(a, tenant));
            if (table == "audit_entries") continue; // no UPDATE reaches it at all: it is append-only
            var touched = await db.Database.ExecuteSqlRawAsync($"UPDATE {table} SET tenant_id = tenant_id WHERE tenant_id = {{0}}", b);
            Assert.Equal(0, touched);
        }
    }

    [Fact]
    public async Task Without_a_tenant_a_connection_sees_nothing()
    {
        await SeedAsync($"t{Guid.NewGuid():N}"[..12]);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        foreach (var table in Tables)
            Assert.Empty(await db.Database.SqlQueryRaw<string>($"SELECT tenant_id AS \"Value\" FROM {table}").ToListAsync());
    }

    /// <summary>
    /// What SQL injected into a request could try on the application's own connection: become the tables' owner or the
    /// superuser, drop back to a session default, turn row security off. All are refused or gain nothing; row security
    /// still shows tenant A only. (Setting app.tenant_id itself is open to any login; see docs/security.md.)
    /// </summary>
    [Fact]
    public async Task Raw_sql_on_the_applications_connection_can_neither_change_role_nor_see_another_tenant()
    {
        var (a, b) = (Tenants.New(), Tenants.New());
        await SeedAsync(a);
        await SeedAsync(b);
        string owner;
        await using (var ownerConnection = new NpgsqlConnection(factory.ConnectionString))
        {
            await ownerConnection.OpenAsync();
            owner = await ScalarAsync<string>(ownerConnection, $"SELECT tableowner::text FROM pg_tables WHERE schemaname = 'public' AND tablename = '{Tables[0]}'");
        }

        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(a);
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.OpenConnectionAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        Assert.Equal(ApplicationLogin.DefaultName, await ScalarAsync<string>(connection, "SELECT current_user::text"));

        foreach (var escape in new[] { $"SET ROLE \"{owner}\"", "SET ROLE postgres", $"SET SESSION AUTHORIZATION \"{owner}\"", "SET SESSION AUTHORIZATION postgres" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, escape));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
        // Allowed, and useless: the session's own login, or the application role itself.
        foreach (var harmless in new[] { "RESET ROLE", "RESET SESSION AUTHORIZATION", $"SET ROLE {RowLevelSecurity.AppRole}" })
        {
            await ExecuteAsync(connection, harmless);
            Assert.False(await ScalarAsync<bool>(connection, "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"));
            Assert.NotEqual(owner, await ScalarAsync<string>(connection, "SELECT current_user::text"));
            foreach (var table in Tables)
            {
                Assert.Equal(0L, await ScalarAsync<long>(connection, $"SELECT count(*) FROM {table} WHERE tenant_id = '{b}'"));
                Assert.True(await ScalarAsync<long>(connection, $"SELECT count(*) FROM {table} WHERE tenant_id = '{a}'") > 0, $"{table} shows tenant a");
            }
        }
        // Row security cannot be switched off by a login that does not bypass it: the query is refused instead.
        await ExecuteAsync(connection, "SET row_security = off");
        var off = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<long>(connection, $"SELECT count(*) FROM {Tables[0]}"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, off.SqlState);
    }

    /// <summary>
    /// With a pool of one physical connection, a scope of tenant A and then a scope without a tenant (and a bare
    /// connection outside the interceptor) get the very same backend, and neither finds A's tenant on it: the
    /// interceptor sets the tenant at every open, and Npgsql's reset on return has cleared it anyway. The logins
    /// prepare repeated statements (DatabaseLogins.WithAutoPrepare), so the reset is the one that keeps them (RESET ALL
    /// without DEALLOCATE): A's statements are still prepared on the backend, its tenant is not.
    /// </summary>
    [Fact]
    public async Task A_pooled_connection_never_carries_a_tenant_into_the_next_scope()
    {
        var a = Tenants.New();
        await SeedAsync(a);
        var single = new NpgsqlConnectionStringBuilder(factory.ApplicationConnectionString)
        {
            MaxPoolSize = 1, ApplicationName = $"pool-test-{Guid.NewGuid():N}"[..30],
        }.ConnectionString;
        var logins = new DatabaseLogins(single, factory.ConnectionString);
        var tenantA = new TenantContext();
        tenantA.Set(a);

        int backend;
        await using (var first = NewContext(logins, tenantA))
        {
            await first.Database.OpenConnectionAsync();
            var connection = (NpgsqlConnection)first.Database.GetDbConnection();
            backend = await ScalarAsync<int>(connection, "SELECT pg_backend_pid()");
            Assert.Equal(a, await ScalarAsync<string>(connection, $"SELECT current_setting('{RowLevelSecurity.TenantSetting}')"));
            for (var use = 0; use < 3; use++) // used twice, prepared on this backend
                Assert.True(await ScalarAsync<long>(connection, $"SELECT count(*) FROM {Tables[0]}") > 0);
            Assert.True(await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_prepared_statements") > 0);
        }

        await using (var second = NewContext(logins, new TenantContext()))
        {
            await second.Database.OpenConnectionAsync();
            var connection = (NpgsqlConnection)second.Database.GetDbConnection();
            Assert.Equal(backend, await ScalarAsync<int>(connection, "SELECT pg_backend_pid()"));
            Assert.True(await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_prepared_statements") > 0, "prepared statements kept");
            Assert.Equal("", await ScalarAsync<string>(connection, $"SELECT coalesce(current_setting('{RowLevelSecurity.TenantSetting}', true), '')"));
            foreach (var table in Tables)
                Assert.Equal(0L, await ScalarAsync<long>(connection, $"SELECT count(*) FROM {table}"));
        }

        await using var bare = new NpgsqlConnection(logins.Application); // the same pool: the logins' string with auto-prepare
        await bare.OpenAsync();
        Assert.Equal(backend, await ScalarAsync<int>(bare, "SELECT pg_backend_pid()"));
        Assert.Equal("", await ScalarAsync<string>(bare, $"SELECT coalesce(current_setting('{RowLevelSecurity.TenantSetting}', true), '')"));
        Assert.Equal(0L, await ScalarAsync<long>(bare, $"SELECT count(*) FROM {Tables[0]}"));
    }

    /// <summary>The service's context type as the service builds it (the real interceptor), on the given logins.</summary>
    private static TContext NewContext(DatabaseLogins logins, TenantContext tenant) => (TContext)Activator.CreateInstance(typeof(TContext),
        new DbContextOptionsBuilder<TContext>().UseNpgsql(logins.Application).UseSnakeCaseNamingConvention()
            .AddInterceptors(new TenantSessionInterceptor(tenant, logins)).Options, tenant)!;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> CountAsOwnerAsync(string table, string tenant)
    {
        await using var connection = new Npgsql.NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM {table} WHERE tenant_id = $1", connection);
        command.Parameters.AddWithValue(tenant);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
