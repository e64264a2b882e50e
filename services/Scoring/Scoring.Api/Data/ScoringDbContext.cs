using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Data;

public sealed class ScoringDbContext(DbContextOptions<ScoringDbContext> options, TenantContext? tenant = null) : TenantScopedDbContext(options, tenant)
{
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();
    public DbSet<PersonName> PersonNames => Set<PersonName>();

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
        model.Entity<PersonName>(e =>
        {
            e.ToTable("person_names");
            e.HasKey(p => new { p.TenantId, p.PersonId });
            e.Property(p => p.Name).HasMaxLength(100);
            TenantOwned(e);
        });
    }
}

public sealed class ScoringDbContextFactory : DesignTimeDbContextFactory<ScoringDbContext>;
