using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Identity.Domain;

namespace SheqingMinyi.Identity.Data;

/// <summary>Tenants, accounts, and OpenIddict's applications, authorizations, scopes and tokens.</summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options, BuildingBlocks.Tenancy.TenantContext? tenant = null) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Account> Accounts => Set<Account>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.UseOpenIddict();
        model.AddAuditTable();
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
        });
    }
}

public sealed class IdentityDbContextFactory : DesignTimeDbContextFactory<IdentityDbContext>;
