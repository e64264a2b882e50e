using Npgsql;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Tests;

namespace SheqingMinyi.BuildingBlocks.Tests;

/// <summary>The building blocks' numbered scripts: each applied once, in order, recorded, and never silently changed.</summary>
public sealed class PlatformSchemaMigratorTests
{
    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    [Fact]
    public void The_scripts_are_numbered_from_one_without_gaps()
    {
        Assert.Equal(Enumerable.Range(1, PlatformSchemaMigrator.Scripts.Count), PlatformSchemaMigrator.Scripts.Select(s => s.Version));
        Assert.Equal(new[] { "0001_messaging.sql", "0002_audit.sql" }, PlatformSchemaMigrator.Scripts.Take(2).Select(s => s.FileName));
    }

    [Fact]
    public async Task Every_script_is_applied_once_in_order_and_recorded()
    {
        var database = await TestStores.CreateDatabaseAsync("platform");
        await using var connection = await OpenAsync(database);

        var first = await PlatformSchemaMigrator.MigrateAsync(connection);
        var second = await PlatformSchemaMigrator.MigrateAsync(connection);

        Assert.Equal(PlatformSchemaMigrator.Scripts, first);
        Assert.Empty(second);
        var recorded = string.Join(",", PlatformSchemaMigrator.Scripts.Select(s => $"{s.Version} {s.Name} {s.Checksum}"));
        Assert.Equal(recorded, await TestDb.ScalarAsync<string>(database,
            "SELECT string_agg(version || ' ' || name || ' ' || checksum, ',' ORDER BY version) FROM platform_schema_history"));
        foreach (var table in new[] { "outbox_messages", "inbox_messages", "dead_letters", "audit_entries" })
            Assert.True(await TestDb.ScalarAsync<bool>(database, "SELECT to_regclass($1) IS NOT NULL", table), table);
    }

    [Fact]
    public async Task Replicas_starting_together_apply_each_script_exactly_once()
    {
        var database = await TestStores.CreateDatabaseAsync("platform");
        using var start = new Barrier(6);
        var replicas = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await using var connection = await OpenAsync(database);
            start.SignalAndWait();
            return await PlatformSchemaMigrator.MigrateAsync(connection);
        })).ToList();

        var applied = (await Task.WhenAll(replicas)).SelectMany(a => a).ToList();

        Assert.Equal(PlatformSchemaMigrator.Scripts.Count, applied.Count);
        Assert.Equal(PlatformSchemaMigrator.Scripts.Select(s => s.Version), applied.Select(s => s.Version).Order());
    }

    [Fact]
    public async Task A_script_changed_after_it_was_applied_stops_the_start()
    {
        var database = await TestStores.CreateDatabaseAsync("platform");
        await using var connection = await OpenAsync(database);
        await PlatformSchemaMigrator.MigrateAsync(connection);
        await TestDb.ScalarAsync<int>(database, "UPDATE platform_schema_history SET checksum = 'edited' WHERE version = 1 RETURNING 1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PlatformSchemaMigrator.MigrateAsync(connection));

        Assert.Contains("0001_messaging.sql", error.Message);
    }

    [Fact]
    public async Task Tables_the_old_migrations_made_are_kept_with_their_rows()
    {
        var database = await TestStores.CreateDatabaseAsync("platform");
        await using var connection = await OpenAsync(database);
        // audit_entries as a service's Audit migration made it, with an entry.
        await using (var old = new NpgsqlCommand(
            $"""
            CREATE TABLE audit_entries (id uuid NOT NULL, tenant_id character varying(64) NOT NULL, subject character varying(200) NOT NULL,
                action character varying(64) NOT NULL, resource character varying(400) NOT NULL, outcome character varying(400) NOT NULL,
                trace_id character varying(32), at timestamp with time zone NOT NULL, CONSTRAINT pk_audit_entries PRIMARY KEY (id));
            CREATE INDEX ix_audit_entries_tenant_id_at ON audit_entries (tenant_id, at);
            INSERT INTO audit_entries VALUES (gen_random_uuid(), 't', 's', 'a', 'r', 'o', NULL, now());
            {Auditing.AuditModel.AppendOnlySql}
            """, connection))
            await old.ExecuteNonQueryAsync();

        await PlatformSchemaMigrator.MigrateAsync(connection);

        Assert.Equal(1, await TestDb.CountAsync(database, "audit_entries"));
    }
}
