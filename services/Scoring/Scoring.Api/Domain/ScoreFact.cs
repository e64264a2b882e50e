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
    /// <summary>The unit credited; a training fact moves when the person's history says they were elsewhere that day.</summary>
    public Guid? UnitId { get; private set; }
    /// <summary>The author's part of the item (1 for a single author or a training).</summary>
    public decimal Share { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    /// <summary>A submission that answered a 约稿: its adoption earns the solicitation bonus.</summary>
    public Guid? SolicitationId { get; init; }
    public string? TrainingKind { get; private set; }
    public decimal? Hours { get; private set; }
    /// <summary>Training: the Version of the attendance change applied last (0 from producers before versions).</summary>
    public int SourceVersion { get; private set; }
    /// <summary>Training: the check-in was taken back (AttendanceRemoved): not priced, so settling books the correction.</summary>
    public bool Removed { get; private set; }

    /// <summary>
    /// An attendance change for this fact: applied only over a lower version (a replay or an older change arriving late
    /// changes nothing), so the highest version wins whatever the order. The instant stays the first one's, so the
    /// ledger's entry is corrected in place. True when it changed the fact.
    /// </summary>
    public bool ApplyAttendance(int version, bool removed, string? trainingKind, decimal? hours)
    {
        if (version <= SourceVersion) return false;
        SourceVersion = version;
        Removed = removed;
        if (!removed) (TrainingKind, Hours) = (trainingKind, hours);
        return true;
    }

    /// <summary>Credits another unit (settling books the correcting entries); true when it changed.</summary>
    public bool MoveToUnit(Guid? unitId)
    {
        if (unitId == UnitId) return false;
        UnitId = unitId;
        return true;
    }

    public static ScoreFact Of(string tenantId, Guid personId, string reason, Guid sourceId, Guid? itemId, Guid? unitId, decimal share,
        DateTimeOffset occurredAt, Guid? solicitationId = null, string? trainingKind = null, decimal? hours = null, int sourceVersion = 0, bool removed = false)
    {
        var fact = new ScoreFact
        {
            PersonId = personId, Reason = reason, SourceId = sourceId, ItemId = itemId, UnitId = unitId, Share = share,
            OccurredAt = occurredAt.ToUniversalTime(), SolicitationId = solicitationId, TrainingKind = trainingKind, Hours = hours,
            SourceVersion = sourceVersion, Removed = removed,
        };
        fact.TenantId = tenantId;
        return fact;
    }
}
