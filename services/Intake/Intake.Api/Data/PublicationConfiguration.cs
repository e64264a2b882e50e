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
