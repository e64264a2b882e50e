using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Domain;

namespace SheqingMinyi.Intake.Data;

public sealed class IntakeDbContext(DbContextOptions<IntakeDbContext> options, TenantContext? tenant = null) : TenantScopedDbContext(options, tenant)
{
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<Clue> Clues => Set<Clue>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        MapPeopleDirectory(model);
        model.Entity<Submission>(e =>
        {
            e.ToTable("submissions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Title).HasMaxLength(Submission.TitleMaxLength);
            e.Property(s => s.Body).HasMaxLength(Submission.BodyMaxLength);
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(s => s.Version).IsRowVersion();
            e.HasIndex(s => new { s.TenantId, s.Status, s.CreatedAt });
            TenantOwned(e);
        });
        model.ApplyConfiguration(new ClueConfiguration(TenantOwned));
    }
}

public sealed class IntakeDbContextFactory : DesignTimeDbContextFactory<IntakeDbContext>;
