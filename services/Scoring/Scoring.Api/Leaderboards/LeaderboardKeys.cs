using StackExchange.Redis;

namespace SheqingMinyi.Scoring.Leaderboards;

/// <summary>
/// The Redis keys of one tenant's person board for one period ({prefix}:lb:{tenant}:{period}:…), and the tenant's
/// name read model. Every key is O(persons): nothing is kept per ledger entry. The Next* keys are the board a rule
/// change builds beside the live one and renames over it in one step (<see cref="LeaderboardScripts.Switch"/>);
/// SwitchPending outlives the builder's lease, so the live board stays old until the switch even if the builder died.
/// </summary>
public sealed record LeaderboardKeys(string Board, string Counts, string Built, string Building, string Names,
    string NextBoard, string NextCounts, string NextBuilding, string SwitchPending)
{
    public static LeaderboardKeys For(string prefix, string tenantId, string period)
    {
        var board = $"{prefix}:lb:{tenantId}:{period}";
        return new($"{board}:persons", $"{board}:counts", $"{board}:built", $"{board}:building", NamesOf(prefix, tenantId),
            $"{board}:next:persons", $"{board}:next:counts", $"{board}:next:building", $"{board}:next:pending");
    }

    /// <summary>The keys <see cref="LeaderboardScripts.Apply"/> and <see cref="LeaderboardScripts.Switch"/> take per board, in their order.</summary>
    public RedisKey[] ApplyKeys => [Board, Counts, Built, Building, NextBoard, NextCounts, NextBuilding, SwitchPending];

    /// <summary>Hash person id → name ("" when the person is known to have none), one per tenant.</summary>
    public static string NamesOf(string prefix, string tenantId) => $"{prefix}:lb:{tenantId}:names";
}
