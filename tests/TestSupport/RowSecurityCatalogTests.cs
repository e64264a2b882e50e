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
}
