using Npgsql;
using SheqingMinyi.BuildingBlocks.Persistence;
using Xunit;

namespace SheqingMinyi.Tests;

/// <summary>
/// One per service database: after start-up, every table with a tenant_id column has row security enabled and
/// forced and a tenant policy. A table added later without the tenant-ownership marker fails this.
/// </summary>
public abstract class RowSecurityCatalogTests<TProgram>(ServiceFactory<TProgram> factory) where TProgram : class
{
    [Fact]
    public async Task Every_table_with_a_tenant_id_has_forced_row_security_and_a_tenant_policy()
    {
        var tables = await RowSecurityCatalog.TenantTablesAsync(factory.ConnectionString);

        Assert.NotEmpty(tables);
        Assert.Empty(tables.Where(t => !t.IsProtected).Select(t => t.ToString()));
    }

    /// <summary>The service's application login (ConnectionStrings:{db}) is the least a service can work with; the owner's is not, and the check says so.</summary>
    [Fact]
    public async Task The_application_login_owns_nothing_bypasses_nothing_and_cannot_create()
    {
        await using var application = new NpgsqlConnection(factory.ApplicationConnectionString);
        await application.OpenAsync();
        Assert.Empty(await ApplicationLogin.ProblemsAsync(application));
        await using (var role = new NpgsqlCommand("""
            SELECT rolsuper, rolbypassrls, (SELECT count(*) FROM pg_class WHERE relowner = r.oid), pg_has_role(current_user, 'sqmy_app', 'USAGE')
            FROM pg_roles r WHERE rolname = current_user
            """, application))
        await using (var reader = await role.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.False(reader.GetBoolean(0), "superuser");
            Assert.False(reader.GetBoolean(1), "BYPASSRLS");
            Assert.Equal(0L, reader.GetInt64(2));
            Assert.True(reader.GetBoolean(3), "member of sqmy_app");
        }
        await using (var create = new NpgsqlCommand("CREATE TABLE public.sneaky (id int)", application))
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => create.ExecuteNonQueryAsync())).SqlState);

        await using var owner = new NpgsqlConnection(factory.ConnectionString);
        await owner.OpenAsync();
        Assert.NotEmpty(await ApplicationLogin.ProblemsAsync(owner));
    }
}
