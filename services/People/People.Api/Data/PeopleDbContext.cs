using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Data;

public sealed partial class PeopleDbContext(DbContextOptions<PeopleDbContext> options, TenantContext? tenant = null, PersonalDataProtector? personalData = null)
    : TenantScopedDbContext(options, tenant)
{
    /// <summary>Design time (no container): personal data cannot be read or written through this context.</summary>
    public PeopleDbContext(DbContextOptions<PeopleDbContext> options, TenantContext? tenant) : this(options, tenant, null) { }

    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Person> Persons => Set<Person>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Appointment> Appointments => Set<Appointment>();
    public DbSet<PersonShare> PersonShares => Set<PersonShare>();
    public DbSet<ReceivedShare> ReceivedShares => Set<ReceivedShare>();
    public DbSet<BusinessCard> BusinessCards => Set<BusinessCard>();

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
            e.HasIndex(u => new { u.TenantId, u.ParentId });
            e.Property(u => u.Version).IsConcurrencyToken();
            e.Ignore(u => u.IsClosed);
            TenantOwned(e);
        });
        model.Entity<Person>(e =>
        {
            e.ToTable("persons");
            e.HasKey(p => p.Id);
            e.Property(p => p.Name).HasMaxLength(Person.NameMaxLength);
            e.HasIndex(p => new { p.TenantId, p.Name });
            e.Property(p => p.Version).IsConcurrencyToken();
            e.Ignore(p => p.IsActive);
            e.Property(p => p.Gender).HasMaxLength(4);
            e.Property(p => p.Title).HasMaxLength(Person.TitleMaxLength);
            e.Property(p => p.ExpertiseTags).HasDefaultValueSql("'{}'");
            // Personal data: the stored form is longer than the value (ciphertext), hence no max length here.
            e.Property(p => p.Phone);
            e.Property(p => p.IdNumber);
            TenantOwned(e);
        });
        model.ApplyConfiguration(new PersonProfileMapping(personalData));
        model.Entity<Membership>(e =>
        {
            e.ToTable("memberships");
            e.HasKey(m => m.Id);
            e.Property(m => m.Role).HasMaxLength(Membership.RoleMaxLength);
            e.HasIndex(m => new { m.TenantId, m.PersonId, m.StartsOn });
            e.HasIndex(m => new { m.TenantId, m.UnitId, m.StartsOn });
            e.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(m => m.UnitId).OnDelete(DeleteBehavior.Restrict);
            TenantOwned(e);
        });
        RegistryMapping.Apply(model);
        TenantOwned(model.ApplyConfiguration(new AppointmentConfiguration()).Entity<Appointment>());
        TenantOwned(model.ApplyConfiguration(new PersonShareConfiguration()).Entity<PersonShare>());
        TenantOwned(model.ApplyConfiguration(new ReceivedShareConfiguration()).Entity<ReceivedShare>());
        model.ApplyConfiguration(new BusinessCardConfiguration(TenantOwned));
        ConfigureTalentAndRecord(model);
    }
}

public sealed class PeopleDbContextFactory : DesignTimeDbContextFactory<PeopleDbContext>;
