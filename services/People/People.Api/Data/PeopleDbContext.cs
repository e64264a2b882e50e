using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Data;

public sealed class PeopleDbContext(DbContextOptions<PeopleDbContext> options, TenantContext? tenant = null) : TenantScopedDbContext(options, tenant)
{
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Person> Persons => Set<Person>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<Unit>(e =>
        {
            e.ToTable("units");
            e.HasKey(u => u.Id);
            e.Property(u => u.Name).HasMaxLength(Unit.NameMaxLength);
            e.Property(u => u.Category).HasMaxLength(64);
            e.HasIndex(u => new { u.TenantId, u.Name }).IsUnique();
            TenantOwned(e);
        });
        model.Entity<Person>(e =>
        {
            e.ToTable("persons");
            e.HasKey(p => p.Id);
            e.Property(p => p.Name).HasMaxLength(Person.NameMaxLength);
            e.HasIndex(p => new { p.TenantId, p.Name });
            TenantOwned(e);
        });
    }
}

public sealed class PeopleDbContextFactory : DesignTimeDbContextFactory<PeopleDbContext>;
