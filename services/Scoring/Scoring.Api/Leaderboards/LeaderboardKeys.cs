namespace SheqingMinyi.Scoring.Leaderboards;

/// <summary>
/// The Redis keys of one tenant's person board for one period ({prefix}:lb:{tenant}:{period}:…), and the tenant's
/// name read model. Every key is O(persons): nothing is kept per ledger entry.
/// </summary>
public sealed record LeaderboardKeys(string Board, string Counts, string Built, string Building, string Names)
{
    public static LeaderboardKeys For(string prefix, string tenantId, string period)
    {
        var board = $"{prefix}:lb:{tenantId}:{period}";
        return new($"{board}:persons", $"{board}:counts", $"{board}:built", $"{board}:building", NamesOf(prefix, tenantId));
    }

    /// <summary>Hash person id → name ("" when the person is known to have none), one per tenant.</summary>
    public static string NamesOf(string prefix, string tenantId) => $"{prefix}:lb:{tenantId}:names";
}
