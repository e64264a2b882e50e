using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SheqingMinyi.Intake.Domain;

namespace SheqingMinyi.Intake.Data;

/// <summary>similar_items: one row per submitted item and earlier item it resembles (the pair is the key).</summary>
public sealed class SimilarItemConfiguration(Action<EntityTypeBuilder<SimilarItem>> tenantOwned) : IEntityTypeConfiguration<SimilarItem>
{
    public void Configure(EntityTypeBuilder<SimilarItem> e)
    {
        e.ToTable("similar_items");
        e.HasKey(s => new { s.SubmissionId, s.SimilarSubmissionId });
        e.Property(s => s.Score).HasPrecision(4, 3);
        tenantOwned(e);
    }
}

/// <summary>similar_scans: one row per item whose near-duplicates were computed (the text version and when).</summary>
public sealed class SimilarScanConfiguration(Action<EntityTypeBuilder<SimilarScan>> tenantOwned) : IEntityTypeConfiguration<SimilarScan>
{
    public void Configure(EntityTypeBuilder<SimilarScan> e)
    {
        e.ToTable("similar_scans");
        e.HasKey(s => s.SubmissionId);
        tenantOwned(e);
    }
}


/// <summary>similar_pair_counts: per tenant and character pair, how many scanned items contain it.</summary>
public sealed class SimilarPairCountConfiguration(Action<EntityTypeBuilder<SimilarPairCount>> tenantOwned) : IEntityTypeConfiguration<SimilarPairCount>
{
    public void Configure(EntityTypeBuilder<SimilarPairCount> e)
    {
        e.ToTable("similar_pair_counts");
        e.HasKey(c => new { c.TenantId, c.Pair });
        tenantOwned(e);
    }
}
