using Npgsql;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Tests;

namespace SheqingMinyi.BuildingBlocks.Tests;

/// <summary>
/// FORCE ROW LEVEL SECURITY subjects the tables' owner to the policies too. With a login that owns the tables and
/// is no superuser (superusers bypass row security altogether), the owner works for every tenant only through its
/// own policy, the application login only for its tenant, and without the owner's policy the owner sees nothing.
/// </summary>
public sealed class ForcedRowSecurityTests
{
    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task The_owner_works_for_every_tenant_through_its_policy_and_the_app_role_for_its_own()
    {
        var database = await TestStores.CreateDatabaseOwnedByLoginAsync("forced");
        await using (await MarkerTestDbContext.CreateAsync(database)) { }
        await using var owner = new NpgsqlConnection(database);
        await owner.OpenAsync();
        Assert.False(await CountAsync(owner, "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolbypassrls)") > 0);

        // The owner writes and reads both tenants' rows (migrations, the outbox relay and seeders do).
        await ExecuteAsync(owner, "INSERT INTO marked_things (id, tenant_id) VALUES (gen_random_uuid(), 'a'), (gen_random_uuid(), 'b')");
        Assert.Equal(2, await CountAsync(owner, "SELECT count(*) FROM marked_things"));

        // The application login (a member of the application role) with tenant a: a's row only, and no row of b may be written.
        await using (var application = new NpgsqlConnection(TestStores.ApplicationLoginFor(database)))
        {
            await application.OpenAsync();
            await ExecuteAsync(application, $"SELECT set_config('{RowLevelSecurity.TenantSetting}', 'a', false)");
            Assert.Equal(1, await CountAsync(application, "SELECT count(*) FROM marked_things"));
            var refused = await Assert.ThrowsAsync<PostgresException>(() =>
                ExecuteAsync(application, "INSERT INTO marked_things (id, tenant_id) VALUES (gen_random_uuid(), 'b')"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        // Forced: without its policy the owner itself sees nothing; start-up puts the policy back.
        await ExecuteAsync(owner, $"DROP POLICY {RowLevelSecurity.OwnerPolicy} ON marked_things");
        Assert.Equal(0, await CountAsync(owner, "SELECT count(*) FROM marked_things"));
        await RowLevelSecurity.ApplyAsync(owner, ["marked_things"]);
        Assert.Equal(2, await CountAsync(owner, "SELECT count(*) FROM marked_things"));
        Assert.Equal(new[] { "unmarked_things" }, (await RowSecurityCatalog.UnprotectedAsync(database)).Select(t => t.Name));
    }
}
