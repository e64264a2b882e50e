using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>The tenant's award criteria (<see cref="AwardCriteria"/>) once set; Version counts changes (its ETag).</summary>
public sealed class AwardSettings : AggregateRoot
{
    public int Version { get; private set; }
    public string Criteria { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? UpdatedBy { get; private set; }

    public AwardCriteria ToCriteria() => AwardCriteria.FromJson(Criteria);

    public static AwardSettings Create(string tenantId, AwardCriteria criteria, DateTimeOffset now, string subject)
    {
        var row = new AwardSettings { TenantId = tenantId };
        row.Change(criteria, now, subject);
        return row;
    }

    public void Change(AwardCriteria criteria, DateTimeOffset now, string subject)
    {
        Criteria = criteria.ToJson();
        UpdatedAt = now;
        UpdatedBy = subject;
        Version++;
    }
}

/// <summary>
/// 评选结果: staff's decision on one award of a year, with the candidates proposed and the criteria (and their version)
/// used, so a later change of criteria never rewrites why someone was chosen. Append-only: a new decision of the same
/// award and year supersedes the earlier (the newest is in force).
/// </summary>
public sealed class AwardDecision
{
    public string TenantId { get; set; } = "";
    public Guid Id { get; set; }
    public int Year { get; set; }
    public string Award { get; set; } = "";
    /// <summary>JSON: the winners as decided (id, name, tier).</summary>
    public string Winners { get; set; } = "";
    /// <summary>JSON: the candidates the criteria proposed when deciding.</summary>
    public string Candidates { get; set; } = "";
    public string Criteria { get; set; } = "";
    public int CriteriaVersion { get; set; }
    /// <summary>True when staff changed the proposal (added, removed or re-tiered someone).</summary>
    public bool Changed { get; set; }
    public string? Note { get; set; }
    public string DecidedBy { get; set; } = "";
    public DateTimeOffset DecidedAt { get; set; }
}
