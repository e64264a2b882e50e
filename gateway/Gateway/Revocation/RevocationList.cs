using System.Security.Claims;
using SheqingMinyi.Security;

namespace SheqingMinyi.Gateway.Revocation;

/// <summary>One revocation as identity's feed gives it: kind account, client or tenant; the subject is that id.</summary>
public sealed record RevocationEntry(string Kind, string Subject, string TenantId, DateTimeOffset RevokedAt);
public sealed record RevocationFeed(DateTimeOffset AsOf, DateTimeOffset From, IReadOnlyList<RevocationEntry>? Items);

/// <summary>
/// The recent revocations, by kind and subject (the latest time of each). A token is refused when its account
/// (<c>sub</c>), its partner client (<c>client_id</c>) or its tenant (<c>tenant</c>) was revoked after it was issued.
/// Immutable: the poller swaps in a new list whole.
/// </summary>
public sealed class RevocationList
{
    public static readonly RevocationList Empty = new([]);

    private readonly Dictionary<(string Kind, string Subject), DateTimeOffset> _latest = [];

    public int Count { get; }

    public RevocationList(IEnumerable<RevocationEntry> entries)
    {
        foreach (var entry in entries)
        {
            Count++;
            var key = (entry.Kind.ToLowerInvariant(), entry.Subject);
            if (!_latest.TryGetValue(key, out var known) || entry.RevokedAt > known) _latest[key] = entry.RevokedAt;
        }
    }

    /// <summary>The revocation that refuses this token (the kind that matched and when), or null when none does.</summary>
    public (string Kind, DateTimeOffset RevokedAt)? Refusing(ClaimsPrincipal user, TimeSpan skew)
    {
        if (_latest.Count == 0) return null;
        // A token without iat cannot prove it came after anything: any matching revocation refuses it.
        var issuedAt = long.TryParse(user.FindFirst("iat")?.Value, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.MinValue;
        foreach (var (kind, claim) in Claims)
            if (user.FindFirst(claim)?.Value is { Length: > 0 } subject && _latest.TryGetValue((kind, subject), out var revokedAt)
                && issuedAt < revokedAt + skew)
                return (kind, revokedAt);
        return null;
    }

    private static readonly (string Kind, string Claim)[] Claims =
        [("account", "sub"), ("client", PlatformClaims.ClientId), ("tenant", PlatformClaims.Tenant)];
}
