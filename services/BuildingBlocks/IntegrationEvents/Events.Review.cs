namespace SheqingMinyi.IntegrationEvents;

// Review's events about a case's way through the stages. Each carries the authors' and units' shares, as the case
// holds them, and the case's Sequence (decisions so far), so consumers order them per case.

/// <summary>过审: a stage passed the case on to the next one.</summary>
public sealed record CaseStagePassed(Guid SubmissionId, Guid CaseId, string Stage, string NextStage,
    IReadOnlyList<AuthorShare> Authors, IReadOnlyList<UnitShare> Units, DateTimeOffset PassedAt, int Sequence);

/// <summary>退回: a stage sent the case back to an earlier stage (not to the writer); the case stays open.</summary>
public sealed record CaseReturnedToStage(Guid SubmissionId, Guid CaseId, string FromStage, string ToStage, string Comment,
    IReadOnlyList<AuthorShare> Authors, IReadOnlyList<UnitShare> Units, DateTimeOffset ReturnedAt, int Sequence);

/// <summary>分配: a reviewer was named for the case's current stage.</summary>
public sealed record CaseAssigned(Guid SubmissionId, Guid CaseId, string Stage, Guid ReviewerPersonId, DateTimeOffset AssignedAt, int Sequence);
