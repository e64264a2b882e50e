using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.Identity.Domain;

public enum TenantKind { Cppcc, DemocraticParty }

/// <summary>A body on the platform; its parent is the body it forwards information up to.</summary>
public sealed class Tenant
{
    public const int NameMaxLength = 100;
    public string Id { get; init; } = "";
    public string Name { get; set; } = "";
    public TenantKind Kind { get; set; }
    public string? ParentId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>停用: while set, its accounts and clients get no token and their tokens are refused (see <see cref="Revocation"/>).</summary>
    public DateTimeOffset? SuspendedAt { get; private set; }
    public string? SuspendedReason { get; private set; }
    public bool IsSuspended => SuspendedAt is not null;

    public const int ReasonMaxLength = 200;

    /// <summary>Suspends the tenant; the caller stages the returned revocation in the same save.</summary>
    public Outcome<Revocation> Suspend(DateTimeOffset now, string reason)
    {
        if (IsSuspended)
            return new DomainError("tenant-suspended", "租户已停用", $"Tenant '{Id}' is already suspended (since {SuspendedAt:O}).");
        SuspendedAt = now;
        SuspendedReason = reason;
        return Revocation.OfTenant(Id, now, reason);
    }

    /// <summary>Lets the tenant sign in again. Tokens from before the suspension stay refused (they were revoked).</summary>
    public Outcome Resume()
    {
        if (!IsSuspended)
            return new DomainError("tenant-not-suspended", "租户未停用", $"Tenant '{Id}' is not suspended.");
        SuspendedAt = null;
        SuspendedReason = null;
        return Outcome.Done;
    }
}
