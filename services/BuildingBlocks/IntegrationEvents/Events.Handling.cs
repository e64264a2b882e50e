namespace SheqingMinyi.IntegrationEvents;

// 交办 / 督办: after an adoption or a 批示 staff assign an item to government departments, which reply; the writers rate
// the reply. Every event names the handling's item and carries its authors (Authors, with their shares), so a feedback
// inbox or a partner's webhook can tell each writer without asking review. Round is 1, or 2 once a 不满意 reopened it.

/// <summary>办理状态: assigned → accepted → in progress → replied → closed (a 不满意 in round 1 sends it back to in progress).</summary>
public enum HandlingStatus
{
    Assigned,
    Accepted,
    InProgress,
    Replied,
    Closed,
}

/// <summary>答复类别: A 已解决, B 正在解决, C 列入计划, D 暂不具备条件.</summary>
public enum ReplyCategory
{
    A,
    B,
    C,
    D,
}

/// <summary>满意度: 满意, 基本满意, 不满意.</summary>
public enum HandlingRating
{
    Satisfied,
    BasicallySatisfied,
    Dissatisfied,
}

/// <summary>A department of the tenant as the event names it.</summary>
public sealed record DepartmentRef(Guid DepartmentId, string Name);

/// <summary>
/// 交办: the item was assigned to a lead department (主办) and co-handling departments (协办) with a deadline, following
/// an instruction or not; SupervisorPersonId is the 督办 leader escalations go to, when named.
/// </summary>
public sealed record HandlingAssigned(Guid HandlingId, Guid SubmissionId, Guid CaseId, string Title, Guid? InstructionId,
    DepartmentRef Lead, IReadOnlyList<DepartmentRef> CoHandling, DateOnly Deadline, Guid? SupervisorPersonId,
    IReadOnlyList<AuthorShare> Authors, DateTimeOffset AssignedAt, bool Restricted = false);

/// <summary>
/// A change of a handling writers care about, other than a reply or a rating: Change is accepted, in-progress,
/// transferred (Lead is the new lead, PreviousLead the one that asked), extended (Deadline is the new one),
/// request-refused, reopened (round 2 after a 不满意) or closed. Version rises with every change of the handling, so a
/// consumer keeps the latest. CoDepartmentIds: the co-handling departments after the change (null from older events).
/// </summary>
public sealed record HandlingStatusChanged(Guid HandlingId, Guid SubmissionId, string Change, HandlingStatus Status, int Round,
    DepartmentRef Lead, DateOnly Deadline, string? Comment, IReadOnlyList<AuthorShare> Authors, DateTimeOffset ChangedAt, int Version,
    bool Restricted = false, IReadOnlyList<Guid>? CoDepartmentIds = null, DepartmentRef? PreviousLead = null);

/// <summary>答复: the lead department replied (category, text, evidence files of review's store); OnTime when by the deadline.
/// CoDepartmentIds: the co-handling departments, told of the lead's reply (null from older events).</summary>
public sealed record HandlingReplied(Guid HandlingId, Guid SubmissionId, int Round, ReplyCategory Category, string Text,
    IReadOnlyList<Guid> AttachmentFileIds, DepartmentRef Lead, DateOnly Deadline, bool OnTime, IReadOnlyList<AuthorShare> Authors,
    DateTimeOffset RepliedAt, bool Restricted = false, IReadOnlyList<Guid>? CoDepartmentIds = null);

/// <summary>
/// 评价: a writer rated the reply. Reopened: a first 不满意 sent it back for another round; Closed: the handling is closed
/// (satisfied, basically satisfied, or a second 不满意).
/// </summary>
public sealed record HandlingRated(Guid HandlingId, Guid SubmissionId, int Round, HandlingRating Rating, string? Comment,
    Guid RatedByPersonId, bool Reopened, bool Closed, IReadOnlyList<AuthorShare> Authors, DateTimeOffset RatedAt, bool Restricted = false);

/// <summary>督办提醒: the deadline is near (Kind before) or today (Kind due) and no reply came yet; raised once per kind and
/// deadline. CoDepartmentIds: the co-handling departments (null from older events); Restricted as the handling's.</summary>
public sealed record HandlingReminderDue(Guid HandlingId, Guid SubmissionId, string Kind, DateOnly Deadline, DepartmentRef Lead,
    Guid? SupervisorPersonId, IReadOnlyList<AuthorShare> Authors, DateTimeOffset RaisedAt, IReadOnlyList<Guid>? CoDepartmentIds = null,
    bool Restricted = false);

/// <summary>逾期督办: the deadline passed without a reply; escalated to the supervising leader (when named); once per deadline.</summary>
public sealed record HandlingOverdue(Guid HandlingId, Guid SubmissionId, DateOnly Deadline, DepartmentRef Lead, Guid? SupervisorPersonId,
    IReadOnlyList<AuthorShare> Authors, DateTimeOffset RaisedAt, IReadOnlyList<Guid>? CoDepartmentIds = null, bool Restricted = false);

/// <summary>A department of the tenant was created or changed (name, active); Version rises with each change. Identity
/// keeps a copy so a department's client or account can only name a department of its tenant.</summary>
public sealed record DepartmentChanged(Guid DepartmentId, string Name, bool Active, int Version, DateTimeOffset ChangedAt);
