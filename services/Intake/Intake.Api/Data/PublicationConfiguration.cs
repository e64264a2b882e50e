using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SheqingMinyi.Intake.Domain.Publications;

namespace SheqingMinyi.Intake.Data;

/// <summary>publication_issues: one issue per tenant, publication, year and number; its items an ordered uuid[].</summary>
public sealed class PublicationConfiguration(Action<EntityTypeBuilder<PublicationIssue>> issueOwned) : IEntityTypeConfiguration<PublicationIssue>
{
    public void Configure(EntityTypeBuilder<PublicationIssue> e)
    {
        e.ToTable("publication_issues");
        e.HasKey(i => i.Id);
        e.Property(i => i.PublicationName).HasMaxLength(PublicationIssue.PublicationNameMaxLength);
        e.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(i => i.Version).IsRowVersion();
        e.Ignore(i => i.Title);
        e.HasIndex("TenantId", nameof(PublicationIssue.PublicationName), nameof(PublicationIssue.Year), nameof(PublicationIssue.Number)).IsUnique();
        issueOwned(e);
    }
}

/// <summary>golden_ideas: one per item in a tenant.</summary>
public sealed class GoldenIdeaConfiguration(Action<EntityTypeBuilder<GoldenIdea>> tenantOwned) : IEntityTypeConfiguration<GoldenIdea>
{
    public void Configure(EntityTypeBuilder<GoldenIdea> e)
    {
        e.ToTable("golden_ideas");
        e.HasKey(g => g.Id);
        e.Property(g => g.Title).HasMaxLength(Domain.Submission.TitleMaxLength);
        e.Property(g => g.Meeting).HasConversion<string>().HasMaxLength(16);
        e.Property(g => g.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(g => g.Note).HasMaxLength(GoldenIdea.NoteMaxLength);
        e.Property(g => g.FollowUpNote).HasMaxLength(GoldenIdea.NoteMaxLength);
        e.Property(g => g.Version).IsRowVersion();
        e.HasIndex("TenantId", nameof(GoldenIdea.SubmissionId)).IsUnique();
        e.HasIndex("TenantId", nameof(GoldenIdea.Status), nameof(GoldenIdea.MeetingOn));
        tenantOwned(e);
    }
}

/// <summary>excellent_selections: one per tenant, year and half.</summary>
public sealed class ExcellentSelectionConfiguration(Action<EntityTypeBuilder<ExcellentSelection>> tenantOwned) : IEntityTypeConfiguration<ExcellentSelection>
{
    public void Configure(EntityTypeBuilder<ExcellentSelection> e)
    {
        e.ToTable("excellent_selections");
        e.HasKey(s => s.Id);
        e.Property(s => s.Title).HasMaxLength(ExcellentSelection.TitleMaxLength);
        e.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(s => s.Version).IsRowVersion();
        e.HasIndex("TenantId", nameof(ExcellentSelection.Year), nameof(ExcellentSelection.Half)).IsUnique();
        tenantOwned(e);
    }
}
