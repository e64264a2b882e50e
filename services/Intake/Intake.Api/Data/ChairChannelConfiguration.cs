using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SheqingMinyi.Intake.Domain;

namespace SheqingMinyi.Intake.Data;

/// <summary>chair_channel_settings: at most one row per tenant (keyed by it); xmin is its ETag.</summary>
public sealed class ChairChannelConfiguration(Action<EntityTypeBuilder<ChairChannel>> tenantOwned) : IEntityTypeConfiguration<ChairChannel>
{
    public void Configure(EntityTypeBuilder<ChairChannel> e)
    {
        e.ToTable("chair_channel_settings");
        e.HasKey(c => c.TenantId);
        e.Property(c => c.Version).IsRowVersion();
        e.Ignore(c => c.AllowedPersons);
        tenantOwned(e);
    }
}
