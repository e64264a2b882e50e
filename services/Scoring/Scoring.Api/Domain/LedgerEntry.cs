using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>One line of the append-only points ledger: who earned how much for what, under which rule version.</summary>
public sealed class LedgerEntry : AggregateRoot
{
    public Guid Id { get; init; }
    public Guid PersonId { get; init; }
    public Guid? UnitId { get; init; }
    /// <summary>What earned the points, e.g. submitted, adopted-own-body, training-attended.</summary>
    public string Reason { get; init; } = "";
    /// <summary>The item the points are for (a submission, a training event).</summary>
    public Guid SourceId { get; init; }
    public decimal Points { get; init; }
    public int RuleVersion { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    /// <summary>The trace of the request that caused this entry, so an operator can follow it on the dashboard.</summary>
    public string? TraceId { get; init; }

    /// <summary>A new entry of the tenant, announced as PointsCredited (the people service's member record counts it).</summary>
    public static LedgerEntry Credit(string tenantId, Guid personId, Guid? unitId, string reason, Guid sourceId, decimal points, int ruleVersion,
        DateTimeOffset occurredAt, DateTimeOffset recordedAt, string? traceId)
    {
        var entry = new LedgerEntry
        {
            Id = Guid.CreateVersion7(), PersonId = personId, UnitId = unitId, Reason = reason, SourceId = sourceId, Points = points,
            RuleVersion = ruleVersion, OccurredAt = occurredAt, RecordedAt = recordedAt, TraceId = traceId,
        };
        entry.TenantId = tenantId;
        entry.Raise(new PointsCredited(entry.Id, personId, points, reason, sourceId, occurredAt));
        return entry;
    }
}
