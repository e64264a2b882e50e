using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;

namespace SheqingMinyi.BuildingBlocks.Http.Idempotency;

/// <summary>One idempotency key of a tenant's client and the first answer given to it.</summary>
public sealed class IdempotencyRecord
{
    public const string InProgress = "in-progress", Completed = "completed";

    public string TenantId { get; init; } = "";
    /// <summary>A partner's client_id, or the token's subject.</summary>
    public string Client { get; init; } = "";
    public string Key { get; init; } = "";
    /// <summary>Method, path and query, and the SHA-256 of the body: what "the same request" means.</summary>
    public string Fingerprint { get; init; } = "";
    public string State { get; init; } = InProgress;
    public int? StatusCode { get; init; }
    /// <summary>The answer's stored headers (Content-Type, Location, ETag) as a JSON object.</summary>
    public string? Headers { get; init; }
    public byte[]? Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

public static class IdempotencyModel
{
    public const string Table = "idempotency_keys";

    /// <summary>EF maps the table (and marks it tenant-owned for row security); the platform schema creates it.</summary>
    public static ModelBuilder AddIdempotencyTable(this ModelBuilder model)
    {
        model.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable(Table, t => t.ExcludeFromMigrations());
            e.IsTenantOwned();
            e.HasKey(r => new { r.TenantId, r.Client, r.Key });
            e.Property(r => r.TenantId).HasMaxLength(64);
            e.Property(r => r.Client).HasMaxLength(200);
            e.Property(r => r.Key).HasMaxLength(IdempotencyKeys.MaxLength);
            e.Property(r => r.State).HasMaxLength(16);
            e.Property(r => r.Headers).HasColumnType("jsonb");
            e.HasIndex(r => r.ExpiresAt);
        });
        return model;
    }
}
