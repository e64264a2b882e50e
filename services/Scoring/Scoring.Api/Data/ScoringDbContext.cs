using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Data;

public sealed class ScoringDbContext(DbContextOptions<ScoringDbContext> options, TenantContext? tenant = null) : TenantScopedDbContext(options, tenant)
{
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();
    /// <summary>Names and units as the people service announced them (the shared people directory).</summary>
    public DbSet<DirectoryPerson> Persons => Set<DirectoryPerson>();
    public DbSet<DirectoryUnit> Units => Set<DirectoryUnit>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger_entries");
            e.HasKey(l => l.Id);
            e.Property(l => l.Reason).HasMaxLength(64);
            e.Property(l => l.Points).HasPrecision(9, 2);
            e.Property(l => l.TraceId).HasMaxLength(32);
            // The same reason counts once per item and person (e.g. one own-body adoption per submission).
            e.HasIndex(l => new { l.TenantId, l.PersonId, l.Reason, l.SourceId }).IsUnique();
            e.HasIndex(l => new { l.TenantId, l.OccurredAt });
            e.HasIndex(l => l.RecordedAt);
            TenantOwned(e);
        });
        MapPeopleDirectory(model);
    }
}

public sealed class ScoringDbContextFactory : DesignTimeDbContextFactory<ScoringDbContext>;
