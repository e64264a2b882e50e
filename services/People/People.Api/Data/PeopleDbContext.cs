using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Data;

public sealed class PeopleDbContext(DbContextOptions<PeopleDbContext> options, TenantContext? tenant = null) : DbContext(options)
{
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Person> Persons => Set<Person>();

    private string CurrentTenant => tenant is { IsSet: true } ? tenant.TenantId : "";

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.Entity<Unit>(e =>
        {
            e.ToTable("units");
            e.HasKey(u => u.Id);
            e.Property(u => u.TenantId).HasMaxLength(64);
            e.Property(u => u.Name).HasMaxLength(Unit.NameMaxLength);
            e.Property(u => u.Category).HasMaxLength(64);
            e.HasIndex(u => new { u.TenantId, u.Name }).IsUnique();
            e.HasQueryFilter(u => u.TenantId == CurrentTenant);
        });
        model.Entity<Person>(e =>
        {
            e.ToTable("persons");
            e.HasKey(p => p.Id);
            e.Property(p => p.TenantId).HasMaxLength(64);
            e.Property(p => p.Name).HasMaxLength(Person.NameMaxLength);
            e.HasIndex(p => new { p.TenantId, p.Name });
            e.HasQueryFilter(p => p.TenantId == CurrentTenant);
        });
    }
}

public sealed class PeopleDbContextFactory : DesignTimeDbContextFactory<PeopleDbContext>;
