using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Domain;

namespace SheqingMinyi.Intake.Data;

public sealed class IntakeDbContext(DbContextOptions<IntakeDbContext> options, TenantContext? tenant = null) : DbContext(options)
{
    public DbSet<Submission> Submissions => Set<Submission>();

    private string CurrentTenant => tenant is { IsSet: true } ? tenant.TenantId : "";

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.Entity<Submission>(e =>
        {
            e.ToTable("submissions");
            e.HasKey(s => s.Id);
            e.Property(s => s.TenantId).HasMaxLength(64);
            e.Property(s => s.Title).HasMaxLength(Submission.TitleMaxLength);
            e.Property(s => s.Body).HasMaxLength(Submission.BodyMaxLength);
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(s => s.Version).IsRowVersion();
            e.HasIndex(s => new { s.TenantId, s.Status, s.CreatedAt });
            e.HasQueryFilter(s => s.TenantId == CurrentTenant);
        });
    }
}

public sealed class IntakeDbContextFactory : DesignTimeDbContextFactory<IntakeDbContext>;
