using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Persistence;
using Xunit;

namespace SheqingMinyi.Tests;

/// <summary>
/// One per service database: a new database and one made by the service's older migrations (as deployed before
/// the platform schema), each brought up to date the way start-up does it, end up the same, without losing a row.
/// </summary>
public abstract class SchemaUpgradeTests<TContext>(string lastMigrationBeforePlatformSchema) where TContext : DbContext
{
    /// <summary>The building blocks' tables, which the services' older migrations created themselves.</summary>
    private static readonly string[] PlatformTables = ["outbox_messages", "inbox_messages", "dead_letters", "audit_entries"];

    /// <summary>What the service did to its database at run time before (identity made a table then).</summary>
    protected virtual Task AsDeployedBeforeAsync(NpgsqlConnection connection) => Task.CompletedTask;

    public static TContext NewContext(string connectionString) => (TContext)Activator.CreateInstance(typeof(TContext),
        new DbContextOptionsBuilder<TContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options, null)!;

    private async Task<string> OldDatabaseAsync()
    {
        var connectionString = await TestStores.CreateDatabaseAsync("upgraded");
        await using (var db = NewContext(connectionString))
            await db.GetService<IMigrator>().MigrateAsync(lastMigrationBeforePlatformSchema);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await AsDeployedBeforeAsync(connection);
        return connectionString;
    }

    private static async Task<string> NewDatabaseAsync()
    {
        var connectionString = await TestStores.CreateDatabaseAsync("fresh");
        await using var db = NewContext(connectionString);
        await db.MigrateServiceDatabaseAsync();
        return connectionString;
    }

    [Fact]
    public async Task A_new_database_and_an_upgraded_one_end_up_the_same()
    {
        var fresh = await NewDatabaseAsync();
        var upgraded = await OldDatabaseAsync();
        var entry = Guid.NewGuid();
        await TestDb.ScalarAsync<int>(upgraded,
            "INSERT INTO audit_entries (id, tenant_id, subject, action, resource, outcome, at) VALUES ($1, 'old', 's', 'a', 'r', 'o', now()) RETURNING 1", entry);

        await using (var db = NewContext(upgraded)) await db.MigrateServiceDatabaseAsync();

        var shape = await SchemaShape.DescribeAsync(fresh);
        Assert.Contains("outbox_messages | row security | enabled=t forced=t", shape);
        Assert.Equal(shape, await SchemaShape.DescribeAsync(upgraded));
        Assert.Equal(1, await TestDb.ScalarAsync<long>(upgraded, "SELECT count(*) FROM audit_entries WHERE id = $1", entry));
    }

    [Fact]
    public async Task The_platform_scripts_alone_make_the_tables_the_older_migrations_made()
    {
        // The old migrations' tables, brought up to date by the scripts (later scripts change indexes), against
        // the scripts alone on an empty database.
        var old = await OldDatabaseAsync();
        var scriptsOnly = await TestStores.CreateDatabaseAsync("scripts");
        foreach (var target in new[] { old, scriptsOnly })
        {
            await using var connection = new NpgsqlConnection(target);
            await connection.OpenAsync();
            await PlatformSchemaMigrator.MigrateAsync(connection);
        }
        var made = (await SchemaShape.DescribeAsync(old, PlatformTables.Contains)).Select(line => line.Split(" | ")[0]).ToHashSet();
        Assert.Contains("audit_entries", made);

        // Columns, keys, indexes and triggers; row security and grants come after, from the model.
        string[] kinds = ["column", "constraint", "index", "trigger"];
        async Task<List<string>> ShapeAsync(string connectionString) =>
            [.. (await SchemaShape.DescribeAsync(connectionString, made.Contains)).Where(line => kinds.Contains(line.Split(" | ")[1]))];
        Assert.Equal(await ShapeAsync(old), await ShapeAsync(scriptsOnly));
    }

    [Fact]
    public async Task Starting_again_applies_nothing_and_changes_nothing()
    {
        var connectionString = await NewDatabaseAsync();
        var before = await SchemaShape.DescribeAsync(connectionString);

        await using var db = NewContext(connectionString);
        var applied = await db.MigrateServiceDatabaseAsync();

        Assert.Empty(applied);
        Assert.Equal(before, await SchemaShape.DescribeAsync(connectionString));
    }
}
