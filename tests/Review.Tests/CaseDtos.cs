using System.Text.Json;

namespace SheqingMinyi.Review.Tests;

// The API's JSON as a client reads it: enums stay strings so the tests pin their wire spelling.

public sealed record CaseDto(Guid Id, Guid SubmissionId, string Title, Guid AuthorPersonId, Guid UnitId, string Status,
    string Stage, string StageRole, int Round, DateTimeOffset OpenedAt, DateTimeOffset UpdatedAt, List<DecisionDto> Decisions,
    List<ShareDto>? Authors = null, List<UnitShareDto>? Units = null, int ContentVersion = 1,
    int WorkflowVersion = 0, DateTimeOffset? StageStartedAt = null, DateTimeOffset? DueAt = null, bool Overdue = false, int OverdueDays = 0,
    Guid? Assignee = null, List<ChecklistDto>? Checklists = null);

public sealed record CheckDto(string Item, string Label, bool Passed, string? Comment, Guid? MarkedByPersonId, DateTimeOffset MarkedAt);

public sealed record ChecklistDto(string Stage, int Round, List<CheckDto> Checks, bool Complete);

public sealed record ShareDto(Guid PersonId, int Order, decimal Share);

public sealed record UnitShareDto(Guid UnitId, decimal Share);

public sealed record DecisionDto(Guid Id, string Stage, string Action, string? AdoptionLevel, string? Comment, DateTimeOffset DecidedAt);

public sealed record PageDto<T>(List<T> Items, int Page, int PageSize, int Total);

/// <summary>An outbox_messages row as the relay sees it.</summary>
public sealed record OutboxRow(Guid Id, string TenantId, string Type, JsonElement Payload, string? TraceParent, DateTimeOffset? PublishedAt);

/// <summary>One rung of an adoption ladder as the API writes it.</summary>
public sealed record AdoptionDto(Guid Id, string Level, DateOnly AdoptedOn, string Source, string? PublicationName, string? Issue,
    Guid? EvidenceFileId, string? RecordedBy, List<ShareDto> Authors, List<UnitShareDto> Units, DateTimeOffset CreatedAt);

public sealed record AdoptionLadderDto(Guid SubmissionId, Guid CaseId, List<AdoptionDto> Adoptions);

/// <summary>A case with its ladder (GET /cases/{id} and decisions answer it; lists do not) and its instructions (GET /cases/{id}).</summary>
public sealed record CaseWithLadderDto(Guid Id, Guid SubmissionId, string Status, List<AdoptionDto>? Adoptions, List<InstructionDto>? Instructions = null);

/// <summary>A 批示 as the API writes it.</summary>
public sealed record InstructionDto(Guid Id, string Level, string LeaderTitle, string Nature, DateOnly InstructedOn, string Summary,
    Guid? EvidenceFileId, string RecordedBy, List<ShareDto> Authors, List<UnitShareDto> Units, DateTimeOffset CreatedAt);

public sealed record InstructionListDto(Guid SubmissionId, Guid CaseId, List<InstructionDto> Instructions);
