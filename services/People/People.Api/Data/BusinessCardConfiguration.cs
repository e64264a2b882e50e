using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Data;

/// <summary>business_cards: one card per person; the token hash is unique across tenants (the public lookup key).</summary>
public sealed class BusinessCardConfiguration(Action<EntityTypeBuilder<BusinessCard>> tenantOwned) : IEntityTypeConfiguration<BusinessCard>
{
    public void Configure(EntityTypeBuilder<BusinessCard> e)
    {
        e.ToTable("business_cards");
        e.HasKey(c => c.Id);
        e.Property(c => c.TokenHash).HasMaxLength(32);
        e.HasIndex(c => c.TokenHash).IsUnique();
        e.HasIndex("TenantId", nameof(BusinessCard.PersonId)).IsUnique();
        e.Property(c => c.ProtectedToken).HasMaxLength(1000);
        e.Property(c => c.Version).IsRowVersion();
        e.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        tenantOwned(e);
    }
}
