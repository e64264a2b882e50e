using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Identity.Data;

/// <summary>
/// Identity tells every service which tenants exist (services apply events only for tenants they know): a
/// <see cref="TenantRegistered"/> is staged in the outbox with every tenant created, whatever creates it (the API, the
/// demo seeder, the operator bootstrap), and every tenant is announced again at each start, which covers tenants made
/// before this existed and services whose streams were trimmed before they first read them. Consumers apply an
/// announcement idempotently, so repeating it is harmless.
/// </summary>
public static class TenantAnnouncements
{
    public static IHostApplicationBuilder AddTenantAnnouncements(this IHostApplicationBuilder builder)
    {
        builder.AddOutboxPublishing(ResourceNames.Identity, ResourceNames.IdentityDb);
        builder.Services.AddHostedService<TenantAnnouncer>();
        return builder;
    }

    /// <summary>Stages the announcement of each tenant being added, under the scope's tenant (the operator's, whose
    /// row security admits only its own outbox rows) or, working as the owner, under the new tenant itself.</summary>
    internal static void AnnounceAddedTenants(this IdentityDbContext db, string currentTenant)
    {
        foreach (var tenant in db.ChangeTracker.Entries<Tenant>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList())
            db.AddEvent(currentTenant.Length > 0 ? currentTenant : tenant.Id, Announcement(tenant));
    }

    internal static TenantRegistered Announcement(Tenant tenant) => new(tenant.Id, tenant.Name, tenant.CreatedAt, tenant.ParentId);
}

/// <summary>At start (after migrations, demo data and the operator bootstrap), announces every tenant of the registry.</summary>
public sealed class TenantAnnouncer(IServiceProvider services, ILogger<TenantAnnouncer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsOwner();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.Id).ToListAsync(cancellationToken);
        foreach (var tenant in tenants)
            db.AddEvent(tenant.Id, TenantAnnouncements.Announcement(tenant));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Announced {Count} tenants", tenants.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
