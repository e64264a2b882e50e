using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SheqingMinyi.Intake.Domain;

namespace SheqingMinyi.Intake.Data;

/// <summary>solicitations, solicitation_claims (one per person and solicitation) and topics.</summary>
public sealed class SolicitationConfiguration(Action<EntityTypeBuilder<Solicitation>> ownSolicitation,
    Action<EntityTypeBuilder<SolicitationClaim>> ownClaim, Action<EntityTypeBuilder<Topic>> ownTopic) :
    IEntityTypeConfiguration<Solicitation>, IEntityTypeConfiguration<SolicitationClaim>, IEntityTypeConfiguration<Topic>
{
    public void Configure(EntityTypeBuilder<Solicitation> e)
    {
        e.ToTable("solicitations");
        e.HasKey(s => s.Id);
        e.Property(s => s.Title).HasMaxLength(Solicitation.TitleMaxLength);
        e.Property(s => s.Brief).HasMaxLength(Solicitation.BriefMaxLength);
        e.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(s => s.Bonus).HasPrecision(6, 2);
        e.Property(s => s.Version).IsRowVersion();
        // Who is targeted: array overlap, served by GIN.
        e.HasIndex(s => s.TargetUnitIds).HasMethod("gin");
        e.HasIndex(s => s.TargetPersonIds).HasMethod("gin");
        e.HasIndex("TenantId", nameof(Solicitation.Status), nameof(Solicitation.IssuedAt));
        ownSolicitation(e);
    }

    public void Configure(EntityTypeBuilder<SolicitationClaim> e)
    {
        e.ToTable("solicitation_claims");
        e.HasKey(c => new { c.SolicitationId, c.PersonId });
        e.HasOne<Solicitation>().WithMany().HasForeignKey(c => c.SolicitationId);
        ownClaim(e);
    }

    public void Configure(EntityTypeBuilder<Topic> e)
    {
        e.ToTable("topics");
        e.HasKey(t => t.Id);
        e.Property(t => t.Title).HasMaxLength(Topic.TitleMaxLength);
        e.Property(t => t.Description).HasMaxLength(Topic.DescriptionMaxLength);
        e.Property(t => t.SourceReference).HasMaxLength(Topic.SourceReferenceMaxLength);
        e.Property(t => t.Source).HasConversion<string>().HasMaxLength(16);
        e.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(t => t.Version).IsRowVersion();
        e.HasIndex("TenantId", nameof(Topic.Status), nameof(Topic.CreatedAt));
        ownTopic(e);
    }
}
