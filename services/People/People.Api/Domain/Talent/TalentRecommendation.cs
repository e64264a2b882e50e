using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.People.Domain.Talent;

/// <summary>推荐去向.</summary>
public enum RecommendationTarget
{
    ThinkTank,           // 智库专家
    SpecialCommittee,    // 专委会委员
    PartyCentreProject,  // 中央重点课题调研
}

/// <summary>推荐状态: proposed → accepted | declined, decided once.</summary>
public enum RecommendationStatus
{
    Proposed,
    Accepted,
    Declined,
}

/// <summary>推荐: a talent-pool entry put forward to a think tank, a special committee or a party centre's project.</summary>
public sealed class TalentRecommendation : AggregateRoot
{
    public const int NoteMaxLength = 1000;

    public Guid Id { get; private set; }
    public Guid TalentId { get; private set; }
    public RecommendationTarget Target { get; private set; }
    public string? Note { get; private set; }
    public RecommendationStatus Status { get; private set; }
    public DateTimeOffset ProposedAt { get; private set; }
    public DateOnly? DecidedOn { get; private set; }
    public string? DecisionNote { get; private set; }
    public uint Version { get; private set; }

    private TalentRecommendation() { }

    public static TalentRecommendation Propose(string tenantId, Guid talentId, RecommendationTarget target, string? note, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), TenantId = tenantId, TalentId = talentId, Target = target,
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(), Status = RecommendationStatus.Proposed, ProposedAt = now,
    };

    public Outcome Accept(DateOnly on, string? note) => Decide(RecommendationStatus.Accepted, on, note);

    public Outcome Decline(DateOnly on, string? note) => Decide(RecommendationStatus.Declined, on, note);

    /// <summary>One decision only: a second is refused (409) whatever it says.</summary>
    private Outcome Decide(RecommendationStatus status, DateOnly on, string? note)
    {
        if (Status != RecommendationStatus.Proposed)
            return new DomainError("recommendation-decided", "推荐已有结果", $"Recommendation '{Id}' was already {Status} on {DecidedOn:O}.");
        Status = status;
        DecidedOn = on;
        DecisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        return Outcome.Done;
    }
}
