using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Hosting;

namespace SheqingMinyi.BuildingBlocks.Persistence;

/// <summary>Demo data for local mode; runs after migrations when Demo:Seed is true. Must be idempotent.</summary>
public interface IDemoDataSeeder<in TContext> where TContext : DbContext
{
    Task SeedAsync(TContext db, CancellationToken ct);
}

/// <summary>
/// Brings the service's database up to date when it starts, before the web server and the messaging workers
/// (hosted services start in registration order), as the tables' owner; then seeds demo data if asked, and refuses to
/// go on if the application's login could escape row security (<see cref="ApplicationLogin.VerifyAsync"/>).
/// </summary>
public sealed class DatabaseMigrator<TContext>(IServiceProvider services, IConfiguration configuration, DatabaseLogins logins,
    string databaseName, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    private static readonly ActivitySource Source = new("SheqingMinyi.Migrations");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var activity = Source.StartActivity($"migrate {typeof(TContext).Name}");
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetService<SheqingMinyi.BuildingBlocks.Tenancy.TenantContext>()?.RunAsOwner();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        _ = db.Model; // built here on its own, so the timeline tells model building from migrating
        StartupTimeline.Mark(logger, "EF model built");
        var scripts = await db.Database.CreateExecutionStrategy().ExecuteAsync(() => db.MigrateServiceDatabaseAsync(cancellationToken));
        foreach (var script in scripts) logger.LogInformation("Platform schema script {Script} applied", script.FileName);
        logger.LogInformation("{Context} migrated", typeof(TContext).Name);
        StartupTimeline.Mark(logger, "migrated");
        if (configuration.GetValue("Demo:Seed", false) && scope.ServiceProvider.GetService<IDemoDataSeeder<TContext>>() is { } seeder)
        {
            await seeder.SeedAsync(db, cancellationToken);
            logger.LogInformation("{Context} demo data seeded", typeof(TContext).Name);
            StartupTimeline.Mark(logger, "demo data seeded");
        }
        await ApplicationLogin.VerifyAsync(logins.Application, databaseName, cancellationToken);
        StartupTimeline.Mark(logger, "application login checked");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class ServiceDatabaseMigration
{
    /// <summary>
    /// Every service database, in this order: the service's own EF migrations; the platform schema scripts (after
    /// them, so that the services' first migrations, which created the messaging and audit tables themselves, replay
    /// on a new database exactly as they ran on old ones, and a newer script always has the last word); then row
    /// security for every tenant-owned table of the model. Idempotent; run as the tables' owner.
    /// </summary>
    public static async Task<IReadOnlyList<PlatformScript>> MigrateServiceDatabaseAsync(this DbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        // The design-time model: the one that surely keeps every annotation, the tenant-ownership marker included.
        var tenantTables = db.GetService<IDesignTimeModel>().Model.TenantOwnedTables();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var applied = await PlatformSchemaMigrator.MigrateAsync(connection, ct);
            await RowLevelSecurity.ApplyAsync(connection, tenantTables, ct);
            return applied;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
