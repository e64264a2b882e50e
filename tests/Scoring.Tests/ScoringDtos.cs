namespace SheqingMinyi.Scoring.Tests;

// The API's JSON as a client reads it.

public sealed record LedgerEntryDto(Guid Id, Guid PersonId, Guid? UnitId, string Reason, Guid SourceId, decimal Points,
    int RuleVersion, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string? TraceId, string Label, decimal UnitPoints = 0,
    Guid? CorrectsId = null);

public sealed record RulesDto(int RuleVersion, bool IsDefault, string? EffectiveFrom, Dictionary<string, System.Text.Json.JsonElement> Rules,
    int Corrections = 0, List<string>? Periods = null);

public sealed record StatementLineDto(Guid EntryId, string Reason, string Label, Guid SourceId, Guid? ItemId, int RuleVersion,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, decimal Points, Guid? CorrectsId);

public sealed record StatementDto(string Period, Guid? PersonId, Guid? UnitId, string? Name, decimal Total, List<StatementLineDto> Entries);

public sealed record PageDto<T>(List<T> Items, int Page, int PageSize, int Total);

public sealed record BoardEntryDto(long Rank, Guid PersonId, string? Name, decimal Points);

public sealed record BoardDto(string Period, List<BoardEntryDto> Entries)
{
    public BoardEntryDto? Of(Guid personId) => Entries.FirstOrDefault(e => e.PersonId == personId);
}

public sealed record RankingEntryDto(long Rank, string Id, string? Name, decimal Points);

public sealed record RankingDto(string Dimension, string Period, int Participants, List<RankingEntryDto> Entries);

public sealed record RankDto(string Dimension, string Period, string Id, string? Name, long Rank, decimal Points, int Participants,
    long? NextRank, decimal? PointsToNext);
