namespace SheqingMinyi.IntegrationEvents;

// 领导批示: a leader's written instruction on an item, recorded by staff. An item may gather several.

/// <summary>批示级别: the leader's level (区级, 市级, 省部级, 国家级); scoring credits more the higher it is.</summary>
public enum InstructionLevel
{
    District,
    Municipal,
    Provincial,
    National,
}

/// <summary>
/// 批示: staff recorded a leader's instruction (LeaderTitle e.g. 市委副书记; Nature e.g. 肯定性, 指导性, 督办性) given on
/// InstructedOn. It carries the item's authors' and units' shares as the case holds them, so scoring credits every
/// author without asking review; one event per instruction (InstructionId).
/// </summary>
public sealed record LeaderInstructionRecorded(Guid InstructionId, Guid SubmissionId, Guid CaseId, InstructionLevel Level,
    string LeaderTitle, string Nature, DateOnly InstructedOn, string Summary,
    IReadOnlyList<AuthorShare> Authors, IReadOnlyList<UnitShare> Units, DateTimeOffset RecordedAt, bool Restricted = false);
