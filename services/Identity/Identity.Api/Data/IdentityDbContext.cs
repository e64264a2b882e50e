using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Domain;

namespace SheqingMinyi.Identity.Data;

/// <summary>
/// Tenants, accounts, OpenIddict's applications, authorizations, scopes and tokens, and the platform's tables
/// (audit trail, messaging) like every service's.
/// </summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options, TenantContext? tenant = null) : TenantScopedDbContext(options, tenant)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Revocation> Revocations => Set<Revocation>();

    /// <summary>Every tenant added is announced to the services in the same transaction (<see cref="TenantAnnouncements"/>).</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        this.AnnounceAddedTenants(CurrentTenant);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        this.AnnounceAddedTenants(CurrentTenant);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.UseOpenIddict();
        // The registry and OpenIddict's tables are the platform's own (every tenant's clients, the operator's registry).
        model.Entity<Tenant>(e =>
        {
            e.ToTable("tenants");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).HasMaxLength(64);
            e.Property(t => t.Name).HasMaxLength(Tenant.NameMaxLength);
            e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(t => t.ParentId).HasMaxLength(64);
            e.HasOne<Tenant>().WithMany().HasForeignKey(t => t.ParentId);
        });
        model.Entity<Account>(e =>
        {
            e.ToTable("accounts");
            e.HasKey(a => a.Id);
            e.Property(a => a.TenantId).HasMaxLength(64);
            e.Property(a => a.UserName).HasMaxLength(100);
            e.HasIndex(a => a.UserName).IsUnique();
            e.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId);
            // Row security only, no query filter: signing in finds the account, and so its tenant, by user name.
            e.IsTenantOwned();
        });
        // Row security like accounts: the gateway's feed and the operator's suspensions work as owner, for all tenants.
        model.Entity<Revocation>(e =>
        {
            e.ToTable("revocations");
            e.HasKey(r => r.Id);
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Subject).HasMaxLength(100);
            e.Property(r => r.TenantId).HasMaxLength(64);
            e.Property(r => r.Reason).HasMaxLength(200);
            e.HasIndex(r => r.RevokedAt);
            e.IsTenantOwned();
        });
    }
}

public sealed class IdentityDbContextFactory : DesignTimeDbContextFactory<IdentityDbContext>;
