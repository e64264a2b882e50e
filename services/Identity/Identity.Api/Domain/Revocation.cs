namespace SheqingMinyi.Identity.Domain;

/// <summary>What a revocation takes access from: one account, one partner client, or a whole tenant.</summary>
public enum RevocationKind { Account, Client, Tenant }

/// <summary>
/// 撤销: from <see cref="RevokedAt"/> on, access tokens issued before it to the subject are refused (the gateway
/// reads the recent ones and caches them for under a minute). Tokens live minutes, so a revocation older than the
/// longest token lifetime has nothing left to refuse; the token endpoint separately refuses new tokens while the
/// account is disabled, the client deleted or the tenant suspended.
/// </summary>
public sealed class Revocation
{
    public long Id { get; init; }
    public RevocationKind Kind { get; init; }
    /// <summary>The account id, the client id, or the tenant id.</summary>
    public string Subject { get; init; } = "";
    public string TenantId { get; init; } = "";
    public DateTimeOffset RevokedAt { get; init; }
    public string Reason { get; init; } = "";

    public static Revocation OfAccount(Guid accountId, string tenantId, DateTimeOffset at, string reason) =>
        new() { Kind = RevocationKind.Account, Subject = accountId.ToString(), TenantId = tenantId, RevokedAt = at, Reason = reason };

    public static Revocation OfClient(string clientId, string tenantId, DateTimeOffset at, string reason) =>
        new() { Kind = RevocationKind.Client, Subject = clientId, TenantId = tenantId, RevokedAt = at, Reason = reason };

    public static Revocation OfTenant(string tenantId, DateTimeOffset at, string reason) =>
        new() { Kind = RevocationKind.Tenant, Subject = tenantId, TenantId = tenantId, RevokedAt = at, Reason = reason };
}
