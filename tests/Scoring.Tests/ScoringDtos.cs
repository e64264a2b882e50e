namespace SheqingMinyi.Scoring.Tests;

// The API's JSON as a client reads it.

public sealed record LedgerEntryDto(Guid Id, Guid PersonId, Guid? UnitId, string Reason, Guid SourceId, decimal Points,
    int RuleVersion, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string? TraceId, string Label);

public sealed record PageDto<T>(List<T> Items, int Page, int PageSize, int Total);

public sealed record BoardEntryDto(long Rank, Guid PersonId, string? Name, decimal Points);

public sealed record BoardDto(string Period, List<BoardEntryDto> Entries)
{
    public BoardEntryDto? Of(Guid personId) => Entries.FirstOrDefault(e => e.PersonId == personId);
}
