using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Tests;

namespace SheqingMinyi.BuildingBlocks.Tests;

public sealed class Marked
{
    public Guid Id { get; set; }
    public string TenantId { get; set; } = "";
}

/// <summary>A tenant table someone added without the marker.</summary>
public sealed class Unmarked
{
    public Guid Id { get; set; }
    public string TenantId { get; set; } = "";
}

public sealed class MarkerTestDbContext(DbContextOptions<MarkerTestDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables().AddAuditTable().AddIdempotencyTable();
        model.Entity<Marked>(e => e.ToTable("marked_things").IsTenantOwned());
        model.Entity<Unmarked>().ToTable("unmarked_things");
    }

    /// <summary>The model's tables, the platform schema, then row security from the marker, as a service's start-up does.</summary>
    public static async Task<MarkerTestDbContext> CreateAsync(string connectionString)
    {
        var db = new MarkerTestDbContext(new DbContextOptionsBuilder<MarkerTestDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
        await db.Database.EnsureCreatedAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await PlatformSchemaMigrator.MigrateAsync(connection);
        await RowLevelSecurity.ApplyAsync(connection, db.GetService<IDesignTimeModel>().Model.TenantOwnedTables());
        return db;
    }
}

/// <summary>
/// Row security comes from the marker alone, for the service's tables and the building blocks' alike; the catalog
/// check finds any tenant table without it, however it was made.
/// </summary>
public sealed class RowSecurityGenerationTests
{
    [Fact]
    public async Task The_marked_tables_and_the_building_blocks_tenant_tables_get_forced_row_security_and_an_unmarked_one_is_reported()
    {
        var database = await TestStores.CreateDatabaseAsync("marker");
        await using var db = await MarkerTestDbContext.CreateAsync(database);

        var tables = await RowSecurityCatalog.TenantTablesAsync(database);

        Assert.Equal(new[] { "audit_entries", "dead_letters", "idempotency_keys", "marked_things", "outbox_messages", "unmarked_things" }, tables.Select(t => t.Name));
        var unprotected = Assert.Single(tables, t => !t.IsProtected);
        Assert.Equal("unmarked_things: row security not enabled; not forced; no tenant policy", unprotected.ToString());
    }

    [Fact]
    public async Task The_check_sees_tables_made_outside_EF_and_row_security_that_is_not_forced()
    {
        var database = await TestStores.CreateDatabaseAsync("marker");
        await using var db = await MarkerTestDbContext.CreateAsync(database);
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TABLE rogue_things (id int PRIMARY KEY, tenant_id text NOT NULL);
            ALTER TABLE marked_things NO FORCE ROW LEVEL SECURITY;
            """);

        var unprotected = (await RowSecurityCatalog.UnprotectedAsync(database)).Select(t => t.ToString()).ToList();

        Assert.Contains("marked_things: not forced", unprotected);
        Assert.Contains("rogue_things: row security not enabled; not forced; no tenant policy", unprotected);
    }

    [Fact]
    public async Task Tenant_ownership_is_read_from_the_marker_alone()
    {
        var database = await TestStores.CreateDatabaseAsync("marker");
        await using var db = await MarkerTestDbContext.CreateAsync(database);

        Assert.Equal(new[] { "audit_entries", "dead_letters", "idempotency_keys", "marked_things", "outbox_messages" }, db.GetService<IDesignTimeModel>().Model.TenantOwnedTables());
        Assert.Equal(new[] { "audit_entries", "dead_letters", "idempotency_keys", "marked_things", "outbox_messages" }, db.Model.TenantOwnedTables());
    }
}
