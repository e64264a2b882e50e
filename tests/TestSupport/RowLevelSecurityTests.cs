using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Tenancy;
using Xunit;

namespace SheqingMinyi.Tests;

/// <summary>
/// The database backstop: with the EF query filters out of the way (raw SQL), a service's connection under tenant A
/// still sees and changes no row of tenant B, because of PostgreSQL's row-level security alone.
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

    private async Task<long> CountAsOwnerAsync(string table, string tenant)
    {
        await using var connection = new Npgsql.NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM {table} WHERE tenant_id = $1", connection);
        command.Parameters.AddWithValue(tenant);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
