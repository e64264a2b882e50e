using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Data;

namespace SheqingMinyi.Identity.Tests;

/// <summary>Accounts and the audit trail are tenant-owned here too: row security alone keeps another tenant's out.</summary>
public sealed class RowLevelSecurityTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Theory]
    [InlineData("accounts")]
    [InlineData("audit_entries")]
    public async Task Row_security_alone_hides_another_tenants_rows(string table)
    {
        // A sign-in of each body puts audit rows of both tenants in place.
        await Tokens.AccessTokenForAsync(factory.CreateClient(), "zhangming");
        await Tokens.AccessTokenForAsync(factory.CreateClient(), "liufeilong");
        await using (var owner = new NpgsqlConnection(factory.ConnectionString))
        {
            await owner.OpenAsync();
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE tenant_id = 'mj-cq'", owner);
            Assert.True((long)(await count.ExecuteScalarAsync())! > 0);
        }

        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set("spb-zx");
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var seen = await db.Database.SqlQueryRaw<string>($"SELECT tenant_id AS \"Value\" FROM {table}").ToListAsync();

        Assert.NotEmpty(seen);
        Assert.All(seen, tenant => Assert.Equal("spb-zx", tenant));
    }
}
