using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SheqingMinyi.Intake.Domain;

namespace SheqingMinyi.Intake.Data;

/// <summary>theme_tags: a name is unique among the tenant's active tags (a retired name may come back).</summary>
public sealed class ThemeTagConfiguration(Action<EntityTypeBuilder<ThemeTag>> tenantOwned) : IEntityTypeConfiguration<ThemeTag>
{
    public void Configure(EntityTypeBuilder<ThemeTag> e)
    {
        e.ToTable("theme_tags");
        e.HasKey(t => t.Id);
        e.Property(t => t.Name).HasMaxLength(ThemeRules.MaxLength);
        e.Property(t => t.Version).IsRowVersion();
        e.Ignore(t => t.IsActive);
        e.HasIndex("TenantId", nameof(ThemeTag.Name)).IsUnique().HasFilter("retired_at IS NULL");
        tenantOwned(e);
    }
}
