using Npgsql;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

public sealed class IdentitySchemaUpgradeTests() : SchemaUpgradeTests<IdentityDbContext>("20261127141253_RowLevelSecurity")
{
    /// <summary>Before the ServerKeys migration the signing key store made its table itself, at start-up.</summary>
    protected override async Task AsDeployedBeforeAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS server_keys (use text PRIMARY KEY, private_key_pem text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
            connection);
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class IdentityRowSecurityCatalogTests(IdentityFactory factory) : RowSecurityCatalogTests<Program>(factory), IClassFixture<IdentityFactory>;

/// <summary>Every table of the identity database comes from a migration: running and signing people in adds none.</summary>
public sealed class NoTableOutsideMigrationsTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private const string TablesSql = "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'";

    [Fact]
    public async Task A_running_identity_service_has_only_the_tables_its_migrations_made()
    {
        await Tokens.AccessTokenForAsync(factory.CreateClient(), "zhangming");
        await Tokens.PartnerAccessTokenAsync(factory.CreateClient());
        var migratedOnly = await TestStores.CreateDatabaseAsync("identitytables");
        await using (var db = IdentitySchemaUpgradeTests.NewContext(migratedOnly))
            await SheqingMinyi.BuildingBlocks.Persistence.ServiceDatabaseMigration.MigrateServiceDatabaseAsync(db);

        var running = await TestDb.ScalarAsync<string>(factory.ConnectionString, TablesSql);

        Assert.Contains("server_keys", running.Split(','));
        Assert.Equal(await TestDb.ScalarAsync<string>(migratedOnly, TablesSql), running);
    }
}
