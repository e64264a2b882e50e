using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>
/// One line of the append-only points ledger: who earned how much for what, under which rule version. A later
/// pricing of the same fact (a rule change, a withdrawal, a cap) is a new entry of the difference that names the
/// entry it corrects (<see cref="CorrectsId"/>, always the newest of its chain), so the ledger is never rewritten
/// and a statement explains every point. Written by <see cref="Ledger.LedgerSettlement"/>.
/// </summary>
public sealed class LedgerEntry : AggregateRoot
{
    public Guid Id { get; init; }
    public Guid PersonId { get; init; }
    public Guid? UnitId { get; init; }
    /// <summary>What earned the points, e.g. submitted, adopted-own-body, training-attended.</summary>
    public string Reason { get; init; } = "";
    /// <summary>The item the points are for (a submission, an instruction, a training event).</summary>
    public Guid SourceId { get; init; }
    public decimal Points { get; init; }
    /// <summary>The unit's part: the rule's number × the author's share whatever the co-author mode, so an item's
    /// entries give its unit the item's points once.</summary>
    public decimal UnitPoints { get; init; }
    public int RuleVersion { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    /// <summary>The entry this one corrects (the difference to a new pricing); null for a first entry.</summary>
    public Guid? CorrectsId { get; init; }
    /// <summary>The trace of the request that caused this entry, so an operator can follow it on the dashboard.</summary>
    public string? TraceId { get; init; }
}
