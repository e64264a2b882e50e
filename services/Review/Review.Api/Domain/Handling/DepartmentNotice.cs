namespace SheqingMinyi.Review.Domain;

/// <summary>
/// 承办单位通知: one step of a handling as it reaches a department (assigned to it as lead or co-handling, transferred to
/// or away from it, a request decided, reopened, a 督办 reminder, overdue), in Chinese. The department's people share
/// it as a department's mail: one row per department and event (a unique index holds it), read once for all of them.
/// Written in the transaction of the step or supervision pass that raised the event.
/// </summary>
public sealed class DepartmentNotice
{
    public const int TitleMaxLength = 100, TextMaxLength = 1000, KindMaxLength = 32, ReadByMaxLength = 200;
    public const string UniqueIndex = "ix_department_notices_tenant_id_department_id_source_event_id";

    public Guid Id { get; init; }
    /// <summary>Delivery order (an identity column): breaks ties between steps of the same instant.</summary>
    public long Seq { get; init; }
    public string TenantId { get; init; } = "";
    public Guid DepartmentId { get; init; }
    /// <summary>assigned, co-assigned, transferred-in, transferred-out, extended, request-refused, reopened, reminder-before,
    /// reminder-due, overdue; a co-handler's co-transferred, co-extended, co-request-refused, co-replied, co-reopened.</summary>
    public string Kind { get; init; } = "";
    public string Title { get; init; } = "";
    public string Text { get; init; } = "";
    public Guid HandlingId { get; init; }
    public Guid SubmissionId { get; init; }
    /// <summary>The event that caused it (its outbox id).</summary>
    public Guid SourceEventId { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; private set; }
    /// <summary>Who of the department marked it read first.</summary>
    public string? ReadBy { get; private set; }

    public string Link => $"/api/review/handlings/{HandlingId}";

    /// <summary>Marks it read; marking it again keeps the first time and reader (idempotent). Kept to the microsecond, as stored.</summary>
    public bool MarkRead(string by, DateTimeOffset now)
    {
        if (ReadAt is not null) return false;
        ReadAt = now.AddTicks(-(now.Ticks % 10));
        ReadBy = by.Length > ReadByMaxLength ? by[..ReadByMaxLength] : by;
        return true;
    }
}
