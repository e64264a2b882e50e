using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Data;

public sealed class ScoringDbContext(DbContextOptions<ScoringDbContext> options, TenantContext? tenant = null) : TenantScopedDbContext(options, tenant)
{
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();
    /// <summary>The source facts the ledger prices (and re-prices after a rule change).</summary>
    public DbSet<ScoreFact> Facts => Set<ScoreFact>();
    public DbSet<RuleSetVersion> RuleSets => Set<RuleSetVersion>();
    /// <summary>Names and units as the people service announced them (the shared people directory).</summary>
    public DbSet<DirectoryPerson> Persons => Set<DirectoryPerson>();
    public DbSet<DirectoryUnit> Units => Set<DirectoryUnit>();
    /// <summary>Who belongs to which unit when (MembershipChanged): a special committee's members for its quota.</summary>
    public DbSet<DirectoryMembership> Memberships => Set<DirectoryMembership>();
    public DbSet<PersonKinds> PersonKinds => Set<PersonKinds>();
    public DbSet<QuotaSettings> QuotaSettings => Set<QuotaSettings>();
    public DbSet<QuotaReminder> QuotaReminders => Set<QuotaReminder>();
    public DbSet<Bulletin> Bulletins => Set<Bulletin>();
    public DbSet<BulletinSettings> BulletinSettings => Set<BulletinSettings>();
    public DbSet<ItemTitle> ItemTitles => Set<ItemTitle>();
    public DbSet<AwardSettings> AwardSettings => Set<AwardSettings>();
    public DbSet<AwardDecision> AwardDecisions => Set<AwardDecision>();
    /// <summary>Rule changes whose boards have not switched yet (a crash between commit and switch leaves one).</summary>
    public DbSet<PendingBoardSwitch> PendingBoardSwitches => Set<PendingBoardSwitch>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger_entries");
            e.HasKey(l => l.Id);
            e.Property(l => l.Reason).HasMaxLength(64);
            e.Property(l => l.Points).HasPrecision(9, 2);
            e.Property(l => l.UnitPoints).HasPrecision(9, 2);
            e.Property(l => l.TraceId).HasMaxLength(32);
            // The same reason counts once per item and person (e.g. one own-body adoption per submission): one first
            // entry per fact and unit credited (a training fact moved to the unit held that day starts a chain there),
            // and each entry corrected at most once, so every chain of corrections is a line.
            e.HasIndex(l => new { l.TenantId, l.PersonId, l.Reason, l.SourceId, l.OccurredAt, l.UnitId }).IsUnique().HasFilter("corrects_id IS NULL")
                .AreNullsDistinct(false);
            e.HasIndex(l => l.CorrectsId).IsUnique().HasFilter("corrects_id IS NOT NULL");
            e.HasIndex(l => new { l.TenantId, l.OccurredAt });
            e.HasIndex(l => new { l.TenantId, l.UnitId, l.OccurredAt });
            // An event's settlement reads its persons' month: without this it read the whole tenant's month.
            e.HasIndex(l => new { l.TenantId, l.PersonId, l.OccurredAt });
            e.HasIndex(l => l.RecordedAt);
            TenantOwned(e);
        });
        model.Entity<ScoreFact>(e =>
        {
            e.ToTable("score_facts");
            e.HasKey(f => new { f.TenantId, f.Reason, f.SourceId, f.PersonId });
            e.Property(f => f.Reason).HasMaxLength(64);
            e.Property(f => f.Share).HasPrecision(9, 6);
            e.Property(f => f.TrainingKind).HasMaxLength(64);
            e.Property(f => f.Hours).HasPrecision(7, 2);
            e.HasIndex(f => new { f.TenantId, f.OccurredAt });
            e.HasIndex(f => new { f.TenantId, f.SourceId });
            e.HasIndex(f => new { f.TenantId, f.PersonId, f.OccurredAt });
            TenantOwned(e);
        });
        model.Entity<RuleSetVersion>(e =>
        {
            e.ToTable("rule_set_versions");
            e.HasKey(r => new { r.TenantId, r.Version });
            e.Property(r => r.Rules).HasColumnType("jsonb");
            e.Property(r => r.CreatedBy).HasMaxLength(128);
            TenantOwned(e);
        });
        MapPersonKinds(model);
        model.Entity<QuotaSettings>(e =>
        {
            e.ToTable("quota_settings");
            e.HasKey(q => q.TenantId);
            e.Property(q => q.Rules).HasColumnType("jsonb");
            e.Property(q => q.Version).IsConcurrencyToken();
            e.Property(q => q.UpdatedBy).HasMaxLength(128);
            TenantOwned(e);
        });
        model.Entity<QuotaReminder>(e =>
        {
            e.ToTable("quota_reminders");
            e.HasKey(r => new { r.TenantId, r.PersonId, r.Month });
            e.Property(r => r.Month).HasMaxLength(7);
            TenantOwned(e);
        });
        model.Entity<Bulletin>(e =>
        {
            e.ToTable("bulletins");
            e.HasKey(b => b.Id);
            e.Property(b => b.Kind).HasMaxLength(16);
            e.Property(b => b.Period).HasMaxLength(16);
            e.Property(b => b.Title).HasMaxLength(100);
            e.Property(b => b.GeneratedBy).HasMaxLength(128);
            e.Property(b => b.Content).HasColumnType("jsonb");
            e.HasIndex(b => new { b.TenantId, b.GeneratedAt });
            // The schedule generates a period once, however many passes or replicas run.
            e.HasIndex(b => new { b.TenantId, b.Period }).IsUnique().HasFilter("scheduled");
            TenantOwned(e);
        });
        model.Entity<BulletinSettings>(e =>
        {
            e.ToTable("bulletin_settings");
            e.HasKey(b => b.TenantId);
            e.Property(b => b.Version).IsConcurrencyToken();
            e.Property(b => b.UpdatedBy).HasMaxLength(128);
            TenantOwned(e);
        });
        model.Entity<ItemTitle>(e =>
        {
            e.ToTable("item_titles");
            e.HasKey(t => new { t.TenantId, t.SubmissionId });
            e.Property(t => t.Title).HasMaxLength(200);
            TenantOwned(e);
        });
        model.Entity<AwardSettings>(e =>
        {
            e.ToTable("award_settings");
            e.HasKey(a => a.TenantId);
            e.Property(a => a.Criteria).HasColumnType("jsonb");
            e.Property(a => a.Version).IsConcurrencyToken();
            e.Property(a => a.UpdatedBy).HasMaxLength(128);
            TenantOwned(e);
        });
        model.Entity<AwardDecision>(e =>
        {
            e.ToTable("award_decisions");
            e.HasKey(d => d.Id);
            e.Property(d => d.Award).HasMaxLength(32);
            e.Property(d => d.Winners).HasColumnType("jsonb");
            e.Property(d => d.Candidates).HasColumnType("jsonb");
            e.Property(d => d.Criteria).HasColumnType("jsonb");
            e.Property(d => d.Note).HasMaxLength(500);
            e.Property(d => d.DecidedBy).HasMaxLength(128);
            e.HasIndex(d => new { d.TenantId, d.Year, d.Award, d.DecidedAt });
            TenantOwned(e);
        });
        model.Entity<PendingBoardSwitch>(e =>
        {
            e.ToTable("pending_board_switches");
            e.HasKey(p => new { p.TenantId, p.RuleVersion });
            TenantOwned(e);
        });
        MapPeopleDirectory(model);
        MapDirectoryMemberships(model);
    }
}

public sealed class ScoringDbContextFactory : DesignTimeDbContextFactory<ScoringDbContext>;
