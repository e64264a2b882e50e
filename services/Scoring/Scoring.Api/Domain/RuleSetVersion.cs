using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>
/// One version of a tenant's 计分标准, in force from <see cref="EffectiveFrom"/> (a Beijing day, stored as its first
/// instant) on: a fact is priced by the highest version whose day has begun when it happened. Versions are never
/// changed, only added (N+1), so every ledger entry's rule version can still be read.
/// </summary>
public sealed class RuleSetVersion : AggregateRoot
{
    public int Version { get; private set; }
    public DateTimeOffset EffectiveFrom { get; private set; }
    /// <summary>The numbers as JSON (<see cref="ScoringRules.ToJson"/>): the pricing SQL reads them in place.</summary>
    public string Rules { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string? CreatedBy { get; private set; }

    public ScoringRules ToRules() => ScoringRules.FromJson(Rules);

    public static RuleSetVersion Create(string tenantId, int version, DateTimeOffset effectiveFrom, ScoringRules rules, DateTimeOffset now,
        string? createdBy)
    {
        var row = new RuleSetVersion
        {
            Version = version, EffectiveFrom = effectiveFrom.ToUniversalTime(), Rules = rules.ToJson(), CreatedAt = now, CreatedBy = createdBy,
        };
        row.TenantId = tenantId;
        return row;
    }
}
