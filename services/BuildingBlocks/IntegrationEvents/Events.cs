namespace SheqingMinyi.IntegrationEvents;

// The integration events services exchange. Payloads carry ids and the few facts consumers copy; the tenant,
// event id and trace context travel in the envelope.

/// <summary>采用级别: the level at which an item was adopted, one adoption record per level.</summary>
public enum AdoptionLevel
{
    OwnBody,
    ParentBody,
    National,
    PartyCentre,
}

// Intake events. Each carries the item's Sequence: the number of events intake raised for that item so far (1, 2,
// ...); a consumer that keeps state from them applies one only if its Sequence is higher than the last it applied.

/// <summary>An author's part of an item: Order 1 is the lead author; Share is 1/n under equal sharing.</summary>
public sealed record AuthorShare(Guid PersonId, int Order, decimal Share);

/// <summary>A unit's part of an item (today the submitting unit, share 1).</summary>
public sealed record UnitShare(Guid UnitId, decimal Share);

/// <summary>
/// 报送: an item went to review (first time or resubmitted after a return). AuthorPersonId and UnitId are the lead
/// author and the submitting unit (as consumers before co-authors read them); Authors and Units carry every share.
/// Type is the item type's API name (work-suggestion, situation-report, work-news); Channel the channel's
/// (portal, partner, clue, chair-direct, reporting-point, duty-activity). ContentVersion is the text version submitted.
/// RestrictedTo: for a 主席直通车 item, the only persons who may see it (its authors, the chair, the named staff); null
/// for every other item. Origin: for a copy forwarded up from a child body (channel forwarded), the original item; such
/// a copy credits no person of this tenant (AuthorPersonId and UnitId are Guid.Empty, Authors and Units empty).
/// </summary>
public sealed record SubmissionSubmitted(Guid SubmissionId, string Title, Guid AuthorPersonId, Guid UnitId, DateTimeOffset SubmittedAt,
    IReadOnlyList<AuthorShare>? Authors = null, IReadOnlyList<UnitShare>? Units = null, string? Type = null,
    IReadOnlyList<string>? Themes = null, string? Channel = null, Guid? SolicitationId = null, int ContentVersion = 1, int Sequence = 0,
    IReadOnlyList<Guid>? RestrictedTo = null, SubmissionOrigin? Origin = null);

/// <summary>
/// 修改 / 润色: a new text version of an item. EditorRole is "writer" (an author revising) or "editor" (staff
/// polishing during review); Reason is why, as they wrote it.
/// </summary>
public sealed record SubmissionEdited(Guid SubmissionId, int ContentVersion, Guid? EditorPersonId, string EditorRole, string? Reason,
    DateTimeOffset EditedAt, int Sequence);

/// <summary>撤回: the writer took the item back before a decision; review closes its case, scoring may drop the submitted point.</summary>
public sealed record SubmissionWithdrawn(Guid SubmissionId, IReadOnlyList<Guid> AuthorPersonIds, string? Reason, DateTimeOffset WithdrawnAt, int Sequence,
    bool Restricted = false);

/// <summary>
/// 约稿发布: a brief issued to target units (incl. professional groups) and persons, with a deadline and bonus points
/// for an adopted answer. Version: 1 when issued, +1 per change (closing, a new deadline); ClosedAt set once closed.
/// </summary>
public sealed record SolicitationIssued(Guid SolicitationId, string Title, DateOnly Deadline, decimal Bonus,
    IReadOnlyList<Guid> TargetUnitIds, IReadOnlyList<Guid> TargetPersonIds, DateTimeOffset IssuedAt, int Version = 1,
    DateTimeOffset? ClosedAt = null);

/// <summary>约稿认领: a person took a solicitation on.</summary>
public sealed record SolicitationClaimed(Guid SolicitationId, Guid PersonId, DateTimeOffset ClaimedAt);

/// <summary>约稿应答: an item answering a solicitation was submitted (its adoption earns the bonus under scoring's rules).</summary>
public sealed record SolicitationAnswered(Guid SolicitationId, Guid SubmissionId, IReadOnlyList<Guid> AuthorPersonIds, decimal Bonus, DateTimeOffset AnsweredAt);

/// <summary>线索转化: a member turned a clue from their card into a draft.</summary>
public sealed record ClueConverted(Guid ClueId, Guid PersonId, Guid SubmissionId, DateTimeOffset ConvertedAt);

// Review outcomes carry the case's Sequence: the number of decisions taken on the case so far, counting every
// round. Events about one item can arrive out of order (separate streams, retries, a republish); a consumer that
// keeps state from them applies one only if its Sequence is higher than the last it applied.

/// <summary>
/// 采用: the item was adopted at one level (one event per level of the adoption ladder; consumers credit each level
/// once). Sequence is the case's decision count when it was recorded: a later level of an adopted item carries the
/// same Sequence as the adopting decision. Authors and Units are the item's shares (null from older producers: the
/// lead author and the unit take all); Source, PublicationName, Issue and EvidenceFileId describe how it was recorded.
/// </summary>
public sealed record SubmissionAdopted(Guid SubmissionId, Guid CaseId, AdoptionLevel Level, Guid AuthorPersonId, Guid UnitId, DateTimeOffset AdoptedAt, int Sequence = 0,
    IReadOnlyList<AuthorShare>? Authors = null, IReadOnlyList<UnitShare>? Units = null, AdoptionSource? Source = null,
    string? PublicationName = null, string? Issue = null, Guid? EvidenceFileId = null, bool Restricted = false);

public sealed record SubmissionReturned(Guid SubmissionId, Guid CaseId, string Comment, DateTimeOffset ReturnedAt, int Sequence = 0,
    IReadOnlyList<AuthorShare>? Authors = null, IReadOnlyList<UnitShare>? Units = null, bool Restricted = false);

public sealed record SubmissionRejected(Guid SubmissionId, Guid CaseId, string Comment, DateTimeOffset RejectedAt, int Sequence = 0,
    IReadOnlyList<AuthorShare>? Authors = null, IReadOnlyList<UnitShare>? Units = null, bool Restricted = false);

// People events. Person and unit events carry the aggregate's Version (1 at creation, +1 per change): a consumer
// that keeps a copy applies an event only if its Version is higher than the one it holds, so order does not matter.

/// <summary>人员登记. Kinds: member, party-member, special-officer, staff (a person may be several).</summary>
public sealed record PersonRegistered(Guid PersonId, string Name, Guid? UnitId, IReadOnlyList<string> Roles,
    IReadOnlyList<string>? Kinds = null, int Version = 1);

/// <summary>人员信息变更: the person's name, main unit, roles or kinds changed.</summary>
public sealed record PersonUpdated(Guid PersonId, string Name, Guid? UnitId, IReadOnlyList<string> Roles,
    IReadOnlyList<string> Kinds, DateTimeOffset UpdatedAt, int Version);

/// <summary>人员停用: the person left the body; their history stays, they can no longer be an author.</summary>
public sealed record PersonDeactivated(Guid PersonId, DateTimeOffset DeactivatedAt, string Reason, int Version);

/// <summary>单位新建. Category is the unit type's id (see the people service's UnitTypes).</summary>
public sealed record UnitCreated(Guid UnitId, string Name, string Category, Guid? ParentId = null, int Version = 1);

/// <summary>单位变更: renamed, moved or closed (a closed unit keeps its history and takes no new items).</summary>
public sealed record UnitChanged(Guid UnitId, string Name, string Category, Guid? ParentId, DateTimeOffset? ClosedAt,
    DateTimeOffset ChangedAt, int Version);

/// <summary>
/// 任职变更: a membership of a person in a unit started, changed or ended. Dates are inclusive; EndsOn null means
/// open. Scoring credits the unit a person belonged to on the day an item was submitted.
/// </summary>
public sealed record MembershipChanged(Guid MembershipId, Guid PersonId, Guid UnitId, string Role, DateOnly StartsOn,
    DateOnly? EndsOn, int Version);

/// <summary>
/// 聘任开始: the envelope's tenant appointed the person as 特邀信息员 for a term. PersonTenantId is the tenant the
/// person belongs to (the same tenant, or another body on the platform); nothing else about them crosses.
/// </summary>
public sealed record AppointmentStarted(Guid AppointmentId, Guid PersonId, string PersonTenantId, DateOnly StartsOn,
    DateOnly EndsOn, int Version);

/// <summary>聘任结束: expired at the term's end, or revoked (Reason says which).</summary>
public sealed record AppointmentEnded(Guid AppointmentId, Guid PersonId, string PersonTenantId, DateOnly EndedOn,
    string Reason, int Version);

/// <summary>
/// 人员共享: the envelope's tenant shares one of its persons (name only) with another tenant, which may then appoint
/// them (Active), or withdraws that share (not Active). Version: 1 when shared, 2 when withdrawn.
/// </summary>
public sealed record PersonShareChanged(Guid ShareId, Guid PersonId, string Name, string SharedWithTenantId, bool Active,
    DateTimeOffset ChangedAt, int Version);

/// <summary>
/// 线索: someone sent a member a clue through the member's public business card. The envelope's tenant is the
/// member's; the sender is anonymous (Contact is only what they chose to leave). A clue never changes: its id is
/// enough for a consumer to keep it once.
/// </summary>
public sealed record ClueSent(Guid ClueId, Guid PersonId, string Text, string? Contact, DateTimeOffset SentAt);

/// <summary>签到: a person attended a training event. Kind is the event's kind as the API names it (expert-lecture,
/// external-training, ...), null from producers before it was sent: scoring's rules may price kinds differently.
/// SessionId: the session attended when the event has several (one event per session, each with that session's hours,
/// credited per session); null for a one-sitting event and from producers before sessions existed (credited per event).
/// Version: the event's attendance revision at this change (rising with every check-in, correction and removal of the
/// event), so a consumer keeps, per person and session, the change with the highest Version whatever the order of
/// arrival; null from producers before it was sent (older than any versioned change).</summary>
public sealed record AttendanceRecorded(Guid TrainingEventId, Guid PersonId, decimal Hours, DateTimeOffset AttendedAt, string? Kind = null,
    Guid? SessionId = null, int? Version = null);

/// <summary>签到撤销: staff removed a wrong check-in (with a reason, audited): the hours are taken back. SessionId and
/// Version as in <see cref="AttendanceRecorded"/>; a consumer applies it only over a lower Version (a later
/// re-check-in has a higher one and credits again).</summary>
public sealed record AttendanceRemoved(Guid TrainingEventId, Guid PersonId, Guid? SessionId, DateTimeOffset RemovedAt, string Reason, int Version);

/// <summary>
/// 租户登记: the identity service announces each tenant (when created, and every known tenant at its start), so
/// every consumer learns which tenants exist. The envelope's tenant is the tenant that registered it (the operator's
/// when created through the API); the payload names the tenant announced. ParentId is the body it forwards information
/// up to (报送/转报), if that body is on the platform: consumers keep it in known_tenants, the tenant directory cross-tenant
/// hand-offs check (Messaging/HandOff.cs).
/// </summary>
public sealed record TenantRegistered(string TenantId, string Name, DateTimeOffset RegisteredAt, string? ParentId = null);

/// <summary>
/// 积分入账: scoring wrote a ledger entry (one per person, reason and source item, so EntryId identifies the credit
/// for good). Consumers that keep a person's points key them by EntryId: a replay sets, never adds.
/// </summary>
public sealed record PointsCredited(Guid EntryId, Guid PersonId, decimal Points, string Reason, Guid? SourceId, DateTimeOffset CreditedAt);

/// <summary>
/// 积分重算: a tenant's rule change re-priced a person's entries of one Beijing year, and scoring appended the
/// correcting entries (each with its source item, in the person's statement). One event per person and year instead
/// of a PointsCredited per correction, so a change over a million entries announces what readers keep: Points is the
/// change to the year's total (the corrections' sum), Entries how many corrections, YearOf an instant in that year (the
/// earliest corrected entry's). RecomputeId identifies it for good: a consumer that keeps totals keys by it.
/// </summary>
public sealed record PointsRecomputed(Guid RecomputeId, Guid PersonId, decimal Points, int Entries, int RuleVersion, DateTimeOffset YearOf,
    DateTimeOffset RecomputedAt);
