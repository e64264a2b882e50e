using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Review.Domain;

/// <summary>
/// 领导批示: a leader's written instruction on an adopted item, recorded by staff; an item may gather several. Keeps
/// the shares the case held then, as the event that announced it carried them.
/// </summary>
public sealed class LeaderInstruction
{
    public const int LeaderTitleMaxLength = 50, SummaryMaxLength = 1000, NatureMaxLength = 8;

    /// <summary>批示性质: the fixed set an instruction's nature is one of.</summary>
    public static readonly string[] Natures = ["肯定性", "指导性", "督办性", "其他"];

    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public Guid SubmissionId { get; init; }
    public Guid CaseId { get; init; }
    public InstructionLevel Level { get; init; }
    /// <summary>The leader's title, e.g. 市委副书记 (not the name: that is how offices record it).</summary>
    public string LeaderTitle { get; init; } = "";
    public string Nature { get; init; } = "";
    /// <summary>The day the instruction was given, China Standard Time.</summary>
    public DateOnly InstructedOn { get; init; }
    public string Summary { get; init; } = "";
    /// <summary>A scan of the instruction in the tenant's file store.</summary>
    public Guid? EvidenceFileId { get; init; }
    /// <summary>The token subject who recorded it.</summary>
    public string RecordedBy { get; init; } = "";
    public List<AuthorShare> Authors { get; init; } = [];
    public List<UnitShare> Units { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
}
