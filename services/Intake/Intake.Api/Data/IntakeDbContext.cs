using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Domain;

namespace SheqingMinyi.Intake.Data;

public sealed class IntakeDbContext(DbContextOptions<IntakeDbContext> options, TenantContext? tenant = null) : TenantScopedDbContext(options, tenant)
{
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<SubmissionVersion> SubmissionVersions => Set<SubmissionVersion>();
    public DbSet<Clue> Clues => Set<Clue>();
    public DbSet<Solicitation> Solicitations => Set<Solicitation>();
    public DbSet<SolicitationClaim> SolicitationClaims => Set<SolicitationClaim>();
    public DbSet<Topic> Topics => Set<Topic>();
    public DbSet<SimilarItem> SimilarItems => Set<SimilarItem>();
    public DbSet<SimilarScan> SimilarScans => Set<SimilarScan>();
    public DbSet<SimilarPairCount> SimilarPairCounts => Set<SimilarPairCount>();
    public DbSet<ThemeTag> ThemeTags => Set<ThemeTag>();
    public DbSet<ChairChannel> ChairChannels => Set<ChairChannel>();
    public DbSet<Domain.Publications.PublicationIssue> PublicationIssues => Set<Domain.Publications.PublicationIssue>();
    public DbSet<Domain.Publications.GoldenIdea> GoldenIdeas => Set<Domain.Publications.GoldenIdea>();
    public DbSet<Domain.Publications.ExcellentSelection> ExcellentSelections => Set<Domain.Publications.ExcellentSelection>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        MapPeopleDirectory(model);
        MapDirectoryMemberships(model);
        model.Entity<Submission>(e =>
        {
            e.ToTable("submissions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Title).HasMaxLength(Submission.TitleMaxLength);
            e.Property(s => s.Body).HasMaxLength(Submission.BodyMaxLength);
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(s => s.Type).HasConversion<string>().HasMaxLength(32);
            e.Property(s => s.Version).IsRowVersion();
            e.ComplexProperty(s => s.Provenance, p =>
            {
                p.Property(v => v.Channel).HasConversion<string>().HasMaxLength(32).HasColumnName("channel");
                p.Property(v => v.PartnerClientId).HasMaxLength(100).HasColumnName("partner_client_id");
                p.Property(v => v.ClueId).HasColumnName("clue_id");
                p.Property(v => v.ReportingPointId).HasColumnName("reporting_point_id");
                p.Property(v => v.ActivityKind).HasConversion<string>().HasMaxLength(32).HasColumnName("activity_kind");
                p.Property(v => v.ActivityReference).HasMaxLength(Provenance.ActivityReferenceMaxLength).HasColumnName("activity_reference");
                p.Property(v => v.ReplyDueOn).HasColumnName("reply_due_on");
                p.Property(v => v.OriginTenantId).HasMaxLength(64).HasColumnName("origin_tenant_id");
                p.Property(v => v.OriginTenantName).HasMaxLength(100).HasColumnName("origin_tenant_name");
                p.Property(v => v.OriginSubmissionId).HasColumnName("origin_submission_id");
                p.Property(v => v.OriginByline).HasMaxLength(Provenance.OriginBylineMaxLength).HasColumnName("origin_byline");
            });
            e.HasIndex(s => new { s.TenantId, s.Status, s.CreatedAt });
            // Any co-author's items, and items by theme: array containment, served by GIN.
            e.HasIndex(s => s.AuthorPersonIds).HasMethod("gin");
            e.HasIndex(s => s.Themes).HasMethod("gin");
            e.HasIndex(s => new { s.TenantId, s.SolicitationId });
            TenantOwned(e);
        });
        model.Entity<SubmissionVersion>(e =>
        {
            e.ToTable("submission_versions");
            e.HasKey(v => new { v.SubmissionId, v.Number });
            e.Property(v => v.Title).HasMaxLength(Submission.TitleMaxLength);
            e.Property(v => v.Body).HasMaxLength(Submission.BodyMaxLength);
            e.Property(v => v.EditorRole).HasMaxLength(16);
            e.Property(v => v.Reason).HasMaxLength(SubmissionVersion.ReasonMaxLength);
            TenantOwned(e);
        });
        model.ApplyConfiguration(new ClueConfiguration(TenantOwned));
        var solicitations = new SolicitationConfiguration(TenantOwned, TenantOwned, TenantOwned);
        model.ApplyConfiguration<Solicitation>(solicitations).ApplyConfiguration<SolicitationClaim>(solicitations).ApplyConfiguration<Topic>(solicitations);
        model.ApplyConfiguration(new SimilarItemConfiguration(TenantOwned));
        model.ApplyConfiguration(new SimilarScanConfiguration(TenantOwned));
        model.ApplyConfiguration(new SimilarPairCountConfiguration(TenantOwned));
        model.ApplyConfiguration(new ThemeTagConfiguration(TenantOwned));
        model.ApplyConfiguration(new ChairChannelConfiguration(TenantOwned));
        model.ApplyConfiguration(new PublicationConfiguration(TenantOwned));
        model.ApplyConfiguration(new GoldenIdeaConfiguration(TenantOwned));
        model.ApplyConfiguration(new ExcellentSelectionConfiguration(TenantOwned));
    }
}

public sealed class IntakeDbContextFactory : DesignTimeDbContextFactory<IntakeDbContext>;
