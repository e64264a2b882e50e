using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SheqingMinyi.BuildingBlocks.Persistence;

/// <summary>Demo data for local mode; runs after migrations when Demo:Seed is true. Must be idempotent.</summary>
public interface IDemoDataSeeder<in TContext> where TContext : DbContext
{
    Task SeedAsync(TContext db, CancellationToken ct);
}

/// <summary>
/// Applies the service's EF migrations when it starts, before the web server and the messaging workers
/// (hosted services start in registration order), then seeds demo data if asked.
/// </summary>
public sealed class DatabaseMigrator<TContext>(IServiceProvider services, IConfiguration configuration, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    private static readonly ActivitySource Source = new("SheqingMinyi.Migrations");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var activity = Source.StartActivity($"migrate {typeof(TContext).Name}");
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetService<SheqingMinyi.BuildingBlocks.Tenancy.TenantContext>()?.RunAsOwner();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(() => db.Database.MigrateAsync(cancellationToken));
        logger.LogInformation("{Context} migrated", typeof(TContext).Name);
        if (configuration.GetValue("Demo:Seed", false) && scope.ServiceProvider.GetService<IDemoDataSeeder<TContext>>() is { } seeder)
        {
            await seeder.SeedAsync(db, cancellationToken);
            logger.LogInformation("{Context} demo data seeded", typeof(TContext).Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
