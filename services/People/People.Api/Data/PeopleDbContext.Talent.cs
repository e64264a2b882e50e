using Microsoft.EntityFrameworkCore;
using SheqingMinyi.People.Domain;
using SheqingMinyi.People.Domain.MemberRecord;
using SheqingMinyi.People.Domain.Talent;
using SheqingMinyi.People.Domain.Targets;

namespace SheqingMinyi.People.Data;

// Talent (visits, pool, recommendations), targets (三定) and the member record's read model (履职档案).
// A partial of the context so the mapping can call TenantOwned; PeopleDbContext.OnModelCreating calls it in one line.
public sealed partial class PeopleDbContext
{
    public DbSet<TalentVisit> TalentVisits => Set<TalentVisit>();
    public DbSet<TalentEntry> TalentPool => Set<TalentEntry>();
    public DbSet<TalentRecommendation> Recommendations => Set<TalentRecommendation>();
    public DbSet<AnnualTarget> Targets => Set<AnnualTarget>();
    public DbSet<RecordSubmission> RecordSubmissions => Set<RecordSubmission>();
    public DbSet<RecordAdoption> RecordAdoptions => Set<RecordAdoption>();
    public DbSet<RecordInstruction> RecordInstructions => Set<RecordInstruction>();
    public DbSet<RecordTraining> RecordTrainings => Set<RecordTraining>();
    public DbSet<RecordPoints> RecordPoints => Set<RecordPoints>();
    public DbSet<RecordGoldenIdea> RecordGoldenIdeas => Set<RecordGoldenIdea>();
    public DbSet<RecordSelection> RecordSelections => Set<RecordSelection>();

    private void ConfigureTalentAndRecord(ModelBuilder model)
    {
        model.Entity<TalentVisit>(e =>
        {
            e.ToTable("talent_visits");
            e.HasKey(v => v.Id);
            e.Property(v => v.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(v => v.Place).HasMaxLength(TalentVisit.PlaceMaxLength);
            e.Property(v => v.Notes).HasMaxLength(TalentVisit.NotesMaxLength);
            e.Property(v => v.Version).IsRowVersion();
            e.HasIndex(v => new { v.TenantId, v.VisitedOn });
            TenantOwned(e);
        });
        model.Entity<TalentEntry>(e =>
        {
            e.ToTable("talent_pool");
            e.HasKey(t => t.Id);
            e.Property(t => t.Name).HasMaxLength(TalentEntry.NameMaxLength);
            e.Property(t => t.Organisation).HasMaxLength(TalentEntry.OrganisationMaxLength);
            e.Property(t => t.Title).HasMaxLength(TalentEntry.TitleMaxLength);
            e.Property(t => t.ExpertiseTags).HasDefaultValueSql("'{}'");
            e.Property(t => t.Version).IsRowVersion();
            e.Ignore(t => t.IsExternal);
            // A registered person is in the pool once; external entries are many until linked.
            e.HasIndex(t => new { t.TenantId, t.PersonId }).IsUnique().HasFilter("person_id IS NOT NULL");
            e.HasIndex(t => new { t.TenantId, t.Name });
            e.HasOne<TalentVisit>().WithMany().HasForeignKey(t => t.SourceVisitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Person>().WithMany().HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Restrict);
            TenantOwned(e);
        });
        model.Entity<TalentRecommendation>(e =>
        {
            e.ToTable("talent_recommendations");
            e.HasKey(r => r.Id);
            e.Property(r => r.Target).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Note).HasMaxLength(TalentRecommendation.NoteMaxLength);
            e.Property(r => r.DecisionNote).HasMaxLength(TalentRecommendation.NoteMaxLength);
            e.Property(r => r.Version).IsRowVersion();
            e.HasIndex(r => new { r.TenantId, r.TalentId });
            e.HasIndex(r => new { r.TenantId, r.Status, r.ProposedAt });
            e.HasOne<TalentEntry>().WithMany().HasForeignKey(r => r.TalentId).OnDelete(DeleteBehavior.Restrict);
            TenantOwned(e);
        });
        model.Entity<AnnualTarget>(e =>
        {
            e.ToTable("annual_targets");
            e.HasKey(t => t.Id);
            e.Property(t => t.Scope).HasConversion<string>().HasMaxLength(16);
            e.Property(t => t.Version).IsRowVersion();
            e.HasIndex(t => new { t.TenantId, t.Year, t.Scope, t.SubjectId }).IsUnique();
            TenantOwned(e);
        });
        model.Entity<RecordSubmission>(e =>
        {
            e.ToTable("record_submissions");
            e.HasKey(r => new { r.TenantId, r.SubmissionId, r.PersonId });
            e.Property(r => r.Share).HasPrecision(5, 4);
            e.HasIndex(r => new { r.TenantId, r.PersonId, r.Year });
            e.HasIndex(r => new { r.TenantId, r.UnitId, r.Year });
            TenantOwned(e);
        });
        model.Entity<RecordAdoption>(e =>
        {
            e.ToTable("record_adoptions");
            e.HasKey(r => new { r.TenantId, r.SubmissionId, r.Level, r.PersonId });
            e.Property(r => r.Level).HasMaxLength(32);
            e.HasIndex(r => new { r.TenantId, r.PersonId, r.Year });
            e.HasIndex(r => new { r.TenantId, r.UnitId, r.Year });
            TenantOwned(e);
        });
        model.Entity<RecordInstruction>(e =>
        {
            e.ToTable("record_instructions");
            e.HasKey(r => new { r.TenantId, r.InstructionId, r.PersonId });
            e.Property(r => r.Level).HasMaxLength(32);
            e.Property(r => r.LeaderTitle).HasMaxLength(RecordInstruction.LeaderTitleMaxLength);
            e.Property(r => r.Nature).HasMaxLength(RecordInstruction.NatureMaxLength);
            e.Property(r => r.Summary).HasMaxLength(RecordInstruction.SummaryMaxLength);
            e.Property(r => r.Share).HasPrecision(5, 4);
            e.HasIndex(r => new { r.TenantId, r.PersonId, r.Year });
            TenantOwned(e);
        });
        model.Entity<RecordTraining>(e =>
        {
            e.ToTable("record_trainings");
            e.HasKey(r => new { r.TenantId, r.TrainingEventId, r.SessionId, r.PersonId });
            e.Property(r => r.Hours).HasPrecision(7, 2);
            e.HasIndex(r => new { r.TenantId, r.PersonId, r.Year });
            TenantOwned(e);
        });
        model.Entity<RecordPoints>(e =>
        {
            e.ToTable("record_points");
            e.HasKey(r => new { r.TenantId, r.EntryId });
            e.Property(r => r.Points).HasPrecision(9, 2);
            e.Property(r => r.Reason).HasMaxLength(64);
            e.HasIndex(r => new { r.TenantId, r.PersonId, r.Year });
            TenantOwned(e);
        });
        model.Entity<RecordGoldenIdea>(e =>
        {
            e.ToTable("record_golden_ideas");
            e.HasKey(r => new { r.TenantId, r.GoldenIdeaId, r.PersonId });
            e.Property(r => r.Meeting).HasMaxLength(RecordGoldenIdea.NameMaxLength);
            e.Property(r => r.Status).HasMaxLength(RecordGoldenIdea.NameMaxLength);
            e.Property(r => r.Share).HasPrecision(5, 4);
            e.HasIndex(r => new { r.TenantId, r.PersonId, r.Year });
            TenantOwned(e);
        });
        model.Entity<RecordSelection>(e =>
        {
            e.ToTable("record_selections");
            e.HasKey(r => new { r.TenantId, r.SelectionId, r.SubmissionId, r.PersonId });
            e.Property(r => r.Share).HasPrecision(5, 4);
            e.HasIndex(r => new { r.TenantId, r.PersonId, r.Year });
            TenantOwned(e);
        });
    }
}
