using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SheqingMinyi.Intake.Domain;

namespace SheqingMinyi.Intake.Data;

/// <summary>clues: keyed by the ClueSent's clue id, so a clue is stored once whatever the deliveries.</summary>
public sealed class ClueConfiguration(Action<EntityTypeBuilder<Clue>> tenantOwned) : IEntityTypeConfiguration<Clue>
{
    public void Configure(EntityTypeBuilder<Clue> e)
    {
        e.ToTable("clues");
        e.HasKey(c => c.Id);
        e.Property(c => c.Id).ValueGeneratedNever();
        // People validates the lengths (text 1,000, contact 100); the column allows what the event may carry.
        e.Property(c => c.Text).HasMaxLength(2000);
        e.Property(c => c.Contact).HasMaxLength(200);
        e.Property(c => c.Status).HasConversion<string>().HasMaxLength(16).HasDefaultValue(ClueStatus.New);
        e.Property(c => c.DismissReason).HasMaxLength(Clue.DismissReasonMaxLength);
        e.Property(c => c.Version).IsRowVersion();
        e.HasIndex("TenantId", nameof(Clue.PersonId), nameof(Clue.SentAt));
        tenantOwned(e);
    }
}
