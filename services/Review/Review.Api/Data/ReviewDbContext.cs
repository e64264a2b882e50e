using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Review.Domain.Feedback;

namespace SheqingMinyi.Review.Data;

public sealed class ReviewDbContext(DbContextOptions<ReviewDbContext> options, TenantContext? tenant = null) : TenantScopedDbContext(options, tenant)
{
    public DbSet<ReviewCase> Cases => Set<ReviewCase>();
    public DbSet<SubmissionWithdrawal> Withdrawals => Set<SubmissionWithdrawal>();
    public DbSet<TenantWorkflow> Workflows => Set<TenantWorkflow>();
    public DbSet<SubmissionContentVersion> ContentVersions => Set<SubmissionContentVersion>();
    public DbSet<Adoption> Adoptions => Set<Adoption>();
    public DbSet<Forwarding> Forwardings => Set<Forwarding>();
    public DbSet<LeaderInstruction> LeaderInstructions => Set<LeaderInstruction>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Handling> Handlings => Set<Handling>();
    public DbSet<HandlingNotice> HandlingNotices => Set<HandlingNotice>();
    public DbSet<DepartmentNotice> DepartmentNotices => Set<DepartmentNotice>();
    public DbSet<Domain.Feedback.Proofs.ItemPublication> ItemPublications => Set<Domain.Feedback.Proofs.ItemPublication>();
    public DbSet<FeedbackMessage> FeedbackMessages => Set<FeedbackMessage>();
    public DbSet<OutgoingMessage> OutgoingMessages => Set<OutgoingMessage>();
    public DbSet<FeedbackSettings> FeedbackSettings => Set<FeedbackSettings>();
    public DbSet<SolicitationAudience> SolicitationAudiences => Set<SolicitationAudience>();
    public DbSet<SolicitationInvitation> SolicitationInvitations => Set<SolicitationInvitation>();

    /// <summary>反馈: the writers' inbox rows of the steps this change staged, and the departments' notices of its handling
    /// steps, saved with it.</summary>
    protected override async Task OnEventsStagedAsync(CancellationToken ct)
    {
        await FeedbackInbox.DeliverStagedAsync(this, ct);
        await Domain.DepartmentNotices.DeliverStagedAsync(this, ct);
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        MapFileStore(model); // evidence: scans of adoptions and instructions
        MapPeopleDirectory(model); // the tenant's persons, to check named reviewers and assignees
        model.Entity<ReviewCase>(e =>
        {
            e.ToTable("review_cases");
            e.HasKey(c => c.Id);
            e.Property(c => c.Title).HasMaxLength(200);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(c => c.Version).IsRowVersion();
            e.HasIndex(c => new { c.TenantId, c.SubmissionId }).IsUnique();
            e.HasIndex(c => new { c.TenantId, c.Status, c.OpenedAt });
            e.HasMany(c => c.Decisions).WithOne().HasForeignKey(d => d.CaseId);
            e.Navigation(c => c.Decisions).AutoInclude();
            e.Ignore(c => c.IsRestricted);
            e.Property(c => c.RestrictedTo).HasDefaultValueSql("'{}'"); // cases opened before it: not restricted
            e.Property(c => c.Authors).HasJsonConversion().HasDefaultValueSql("'[]'::jsonb");
            e.Property(c => c.Units).HasJsonConversion().HasDefaultValueSql("'[]'::jsonb");
            e.Property(c => c.ContentVersion).HasDefaultValue(1);
            e.Property(c => c.WorkflowVersion).HasDefaultValue(0); // cases opened before workflows: the default
            e.Property(c => c.Checklists).HasJsonConversion().HasDefaultValueSql("'[]'::jsonb");
            e.HasIndex(c => new { c.TenantId, c.AssigneePersonId, c.Status });
            e.Property(c => c.OriginTenantId).HasMaxLength(64);
            e.Ignore(c => c.IsForwardedCopy);
            TenantOwned(e);
        });
        model.Entity<Forwarding>(e =>
        {
            e.ToTable("forwardings");
            e.HasKey(f => f.Id);
            e.Property(f => f.ParentTenantId).HasMaxLength(64);
            e.Property(f => f.ParentTenantName).HasMaxLength(100);
            e.Property(f => f.Note).HasMaxLength(Forwarding.NoteMaxLength);
            e.Property(f => f.ForwardedBy).HasMaxLength(100);
            e.Property(f => f.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(f => f.DecisionComment).HasMaxLength(Forwarding.CommentMaxLength);
            e.Property(f => f.Version).IsRowVersion();
            e.HasIndex(f => new { f.TenantId, f.SubmissionId }).IsUnique(); // forwarded once
            e.HasIndex(f => new { f.TenantId, f.ForwardedAt });
            TenantOwned(e);
        });
        model.Entity<SubmissionWithdrawal>(e =>
        {
            e.ToTable("submission_withdrawals");
            e.HasKey(w => new { w.TenantId, w.SubmissionId });
            e.Property(w => w.Reason).HasMaxLength(SubmissionWithdrawal.ReasonMaxLength);
            TenantOwned(e);
        });
        model.Entity<TenantWorkflow>(e =>
        {
            e.ToTable("review_workflows");
            e.HasKey(w => new { w.TenantId, w.Version }); // a concurrent second N+1 fails here
            e.Property(w => w.Stages).HasJsonConversion();
            e.Property(w => w.CreatedBy).HasMaxLength(200);
            TenantOwned(e);
        });
        model.Entity<SubmissionContentVersion>(e =>
        {
            e.ToTable("submission_content_versions");
            e.HasKey(v => new { v.TenantId, v.SubmissionId });
            TenantOwned(e);
        });
        model.Entity<Adoption>(e =>
        {
            e.ToTable("adoptions");
            e.HasKey(a => a.Id);
            e.Property(a => a.Level).HasConversion<string>().HasMaxLength(32);
            e.Property(a => a.Source).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.PublicationName).HasMaxLength(Adoption.PublicationNameMaxLength);
            e.Property(a => a.Issue).HasMaxLength(Adoption.IssueMaxLength);
            e.Property(a => a.RecordedBy).HasMaxLength(200);
            e.Property(a => a.Authors).HasJsonConversion();
            e.Property(a => a.Units).HasJsonConversion();
            // Each level of an item is recorded (and credited) once, whoever records it and however they race.
            e.HasIndex(a => new { a.TenantId, a.SubmissionId, a.Level }).IsUnique().HasDatabaseName(AdoptionLadder.UniqueLevelIndex);
            e.HasOne<ReviewCase>().WithMany().HasForeignKey(a => a.CaseId);
            TenantOwned(e);
        });
        model.Entity<LeaderInstruction>(e =>
        {
            e.ToTable("leader_instructions");
            e.HasKey(i => i.Id);
            e.Property(i => i.Level).HasConversion<string>().HasMaxLength(16);
            e.Property(i => i.LeaderTitle).HasMaxLength(LeaderInstruction.LeaderTitleMaxLength);
            e.Property(i => i.Nature).HasMaxLength(LeaderInstruction.NatureMaxLength);
            e.Property(i => i.Summary).HasMaxLength(LeaderInstruction.SummaryMaxLength);
            e.Property(i => i.RecordedBy).HasMaxLength(200);
            e.Property(i => i.Authors).HasJsonConversion();
            e.Property(i => i.Units).HasJsonConversion();
            e.HasIndex(i => new { i.TenantId, i.SubmissionId });
            e.HasOne<ReviewCase>().WithMany().HasForeignKey(i => i.CaseId);
            TenantOwned(e);
        });
        MapHandling(model);
        MapFeedback(model);
        model.Entity<ReviewDecision>(e =>
        {
            e.ToTable("review_decisions");
            e.HasKey(d => d.Id);
            e.Property(d => d.Stage).HasMaxLength(32);
            e.Property(d => d.Action).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.AdoptionLevel).HasConversion<string>().HasMaxLength(32);
            e.Property(d => d.Comment).HasMaxLength(2000);
            TenantOwned(e);
        });
    }

    /// <summary>交办 / 督办: the tenant's departments, handlings (replies, requests and ratings as JSON) and supervision notices.</summary>
    private void MapHandling(ModelBuilder model)
    {
        model.Entity<Department>(e =>
        {
            e.ToTable("departments");
            e.HasKey(d => d.Id);
            e.Property(d => d.Name).HasMaxLength(Department.NameMaxLength);
            e.Property(d => d.Version).IsRowVersion();
            e.Ignore(d => d.Ref);
            e.HasIndex(d => new { d.TenantId, d.Name }).IsUnique().HasDatabaseName(Department.UniqueNameIndex);
            TenantOwned(e);
        });
        model.Entity<Handling>(e =>
        {
            e.ToTable("handlings");
            e.HasKey(h => h.Id);
            e.Property(h => h.Title).HasMaxLength(200);
            e.Property(h => h.LeadDepartmentName).HasMaxLength(Department.NameMaxLength);
            e.Property(h => h.Note).HasMaxLength(Handling.NoteMaxLength);
            e.Property(h => h.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(h => h.AssignedBy).HasMaxLength(200);
            e.Property(h => h.Authors).HasJsonConversion();
            e.Property(h => h.Replies).HasJsonConversion();
            e.Property(h => h.Requests).HasJsonConversion();
            e.Property(h => h.Ratings).HasJsonConversion();
            e.Property(h => h.Version).IsRowVersion();
            e.Ignore(h => h.IsOpen);
            e.Ignore(h => h.Lead);
            e.Ignore(h => h.PendingRequest);
            e.Ignore(h => h.LastReply);
            // One handling per item and instruction (or per item without one): a second assignment is 409, however they race.
            e.HasIndex(h => new { h.TenantId, h.SubmissionId, h.InstructionId }).IsUnique().AreNullsDistinct(false)
                .HasDatabaseName(Handling.UniqueAssignmentIndex);
            e.HasIndex(h => new { h.TenantId, h.LeadDepartmentId, h.Status });
            e.HasIndex(h => new { h.Status, h.Deadline }); // supervision looks across tenants for open ones near their deadline
            e.HasOne<ReviewCase>().WithMany().HasForeignKey(h => h.CaseId);
            TenantOwned(e);
        });
        model.Entity<HandlingNotice>(e =>
        {
            e.ToTable("handling_notices");
            e.HasKey(n => new { n.HandlingId, n.Kind, n.Deadline });
            e.Property(n => n.Kind).HasMaxLength(16);
            e.HasOne<Handling>().WithMany().HasForeignKey(n => n.HandlingId);
            TenantOwned(e);
        });
    }

    /// <summary>反馈: the writers' inbox, the outgoing messages of other channels, the tenant's channel setting.</summary>
    private void MapFeedback(ModelBuilder model)
    {
        model.Entity<FeedbackMessage>(e =>
        {
            e.ToTable("feedback_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Seq).UseIdentityAlwaysColumn();
            e.Property(m => m.Kind).HasMaxLength(FeedbackMessage.KindMaxLength);
            e.Property(m => m.Title).HasMaxLength(FeedbackMessage.TitleMaxLength);
            e.Property(m => m.Text).HasMaxLength(FeedbackMessage.TextMaxLength);
            e.Property(m => m.ItemType).HasConversion<string>().HasMaxLength(16);
            e.Property(m => m.Link).HasMaxLength(FeedbackMessage.LinkMaxLength);
            // One row per person and event, however often the event is delivered.
            e.HasIndex(m => new { m.TenantId, m.PersonId, m.SourceEventId }).IsUnique().HasDatabaseName(FeedbackMessage.UniqueIndex);
            e.HasIndex(m => new { m.TenantId, m.PersonId, m.OccurredAt, m.Seq });
            e.HasIndex(m => new { m.TenantId, m.PersonId }).HasFilter("read_at IS NULL").HasDatabaseName("ix_feedback_messages_unread");
            TenantOwned(e);
        });
        model.Entity<OutgoingMessage>(e =>
        {
            e.ToTable("outgoing_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Channel).HasMaxLength(16);
            e.Property(m => m.Text).HasMaxLength(OutgoingMessage.TextMaxLength);
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(m => new { m.TenantId, m.Status, m.CreatedAt });
            e.HasOne<FeedbackMessage>().WithMany().HasForeignKey(m => m.FeedbackMessageId);
            TenantOwned(e);
        });
        model.Entity<DepartmentNotice>(e =>
        {
            e.ToTable("department_notices");
            e.HasKey(n => n.Id);
            e.Property(n => n.Seq).UseIdentityAlwaysColumn();
            e.Property(n => n.Kind).HasMaxLength(DepartmentNotice.KindMaxLength);
            e.Property(n => n.Title).HasMaxLength(DepartmentNotice.TitleMaxLength);
            e.Property(n => n.Text).HasMaxLength(DepartmentNotice.TextMaxLength);
            e.Property(n => n.ReadBy).HasMaxLength(DepartmentNotice.ReadByMaxLength);
            e.Ignore(n => n.Link);
            // One row per department and event, however often the step is saved or retried.
            e.HasIndex(n => new { n.TenantId, n.DepartmentId, n.SourceEventId }).IsUnique().HasDatabaseName(DepartmentNotice.UniqueIndex);
            e.HasIndex(n => new { n.TenantId, n.DepartmentId, n.OccurredAt, n.Seq });
            e.HasIndex(n => new { n.TenantId, n.DepartmentId }).HasFilter("read_at IS NULL").HasDatabaseName("ix_department_notices_unread");
            TenantOwned(e);
        });
        model.Entity<Domain.Feedback.Proofs.ItemPublication>(e =>
        {
            e.ToTable("item_publications");
            e.HasKey(p => new { p.TenantId, p.SubmissionId, p.IssueId });
            e.Property(p => p.IssueTitle).HasMaxLength(Domain.Feedback.Proofs.ItemPublication.TitleMaxLength);
            TenantOwned(e);
        });
        model.Entity<SolicitationAudience>(e =>
        {
            e.ToTable("solicitation_audiences");
            e.HasKey(s => new { s.TenantId, s.SolicitationId });
            e.Property(s => s.Title).HasMaxLength(SolicitationAudience.TitleMaxLength);
            e.Property(s => s.Bonus).HasPrecision(6, 2);
            TenantOwned(e);
        });
        model.Entity<SolicitationInvitation>(e =>
        {
            e.ToTable("solicitation_invitations");
            e.HasKey(i => new { i.TenantId, i.SolicitationId, i.PersonId });
            TenantOwned(e);
        });
        model.Entity<FeedbackSettings>(e =>
        {
            e.ToTable("feedback_settings");
            e.HasKey(s => s.TenantId);
            e.Property(s => s.DefaultChannel).HasMaxLength(16);
            e.Property(s => s.UpdatedBy).HasMaxLength(200);
            e.Property(s => s.Version).IsRowVersion();
            TenantOwned(e);
        });
    }
}

public sealed class ReviewDbContextFactory : DesignTimeDbContextFactory<ReviewDbContext>;
