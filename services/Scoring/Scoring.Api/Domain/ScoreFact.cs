using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>
/// What happened, as scoring keeps it to price (again) under any rule version: one row per person, reason and source
/// (the same key as the first ledger entry it prices), written once from the event that told it. A recompute reads
/// these, never other services. Markers (withdrawn, rejected) have no person: they change how the item's submitted
/// facts are priced.
/// </summary>
public sealed class ScoreFact : AggregateRoot
{
    public Guid PersonId { get; init; }
    public string Reason { get; init; } = "";
    /// <summary>The ledger's source: the item, the instruction, the golden idea or the training event.</summary>
    public Guid SourceId { get; init; }
    /// <summary>The submission it is about (a statement's source item); null for training.</summary>
    public Guid? ItemId { get; init; }
    public Guid? UnitId { get; init; }
    /// <summary>The author's part of the item (1 for a single author or a training).</summary>
    public decimal Share { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    /// <summary>A submission that answered a 约稿: its adoption earns the solicitation bonus.</summary>
    public Guid? SolicitationId { get; init; }
    public string? TrainingKind { get; init; }
    public decimal? Hours { get; init; }

    public static ScoreFact Of(string tenantId, Guid personId, string reason, Guid sourceId, Guid? itemId, Guid? unitId, decimal share,
        DateTimeOffset occurredAt, Guid? solicitationId = null, string? trainingKind = null, decimal? hours = null)
    {
        var fact = new ScoreFact
        {
            PersonId = personId, Reason = reason, SourceId = sourceId, ItemId = itemId, UnitId = unitId, Share = share,
            OccurredAt = occurredAt.ToUniversalTime(), SolicitationId = solicitationId, TrainingKind = trainingKind, Hours = hours,
        };
        fact.TenantId = tenantId;
        return fact;
    }
}
