using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Data;

public sealed class TrainingDbContext(DbContextOptions<TrainingDbContext> options, TenantContext? tenant = null) : TenantScopedDbContext(options, tenant)
{
    public DbSet<TrainingEvent> Events => Set<TrainingEvent>();
    public DbSet<Attendance> Attendances => Set<Attendance>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<TrainingEvent>(e =>
        {
            e.ToTable("training_events");
            e.HasKey(t => t.Id);
            e.Property(t => t.Title).HasMaxLength(TrainingEvent.TitleMaxLength);
            e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(t => t.Place).HasMaxLength(200);
            e.HasMany(t => t.Attendances).WithOne().HasForeignKey(a => a.TrainingEventId);
            e.HasIndex(t => new { t.TenantId, t.StartsAt });
            TenantOwned(e);
        });
        model.Entity<Attendance>(e =>
        {
            e.ToTable("attendances");
            e.HasKey(a => new { a.TrainingEventId, a.PersonId });
            e.Property(a => a.Hours).HasPrecision(5, 2);
            TenantOwned(e);
        });
    }
}

public sealed class TrainingDbContextFactory : DesignTimeDbContextFactory<TrainingDbContext>;
