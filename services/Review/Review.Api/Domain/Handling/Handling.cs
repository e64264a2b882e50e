using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Review.Domain;

/// <summary>
/// 交办: an adopted (or instructed) item assigned to a lead department (主办, which acts and replies) and co-handling
/// departments (协办, which see it), with a deadline. States assigned → accepted → in progress → replied → closed; the
/// writers' 不满意 in round 1 sends it back to in progress for round 2 with a new deadline, a second 不满意 closes it
/// anyway. Every change raises an event with the item's authors. Rules return a <see cref="DomainError"/>, never throw.
/// </summary>
public sealed class Handling : AggregateRoot
{
    public const int NoteMaxLength = 500, TextMaxLength = 2000, ReasonMaxLength = 500, CommentMaxLength = 500,
        MaxCoHandling = 10, MaxAttachments = 10, MaxDeadlineDays = 366;
    public const int LastRound = 2;
    public const string UniqueAssignmentIndex = "ix_handlings_tenant_id_submission_id_instruction_id";

    public Guid Id { get; private set; }
    public Guid SubmissionId { get; private set; }
    public Guid CaseId { get; private set; }
    public string Title { get; private set; } = "";
    public Guid? InstructionId { get; private set; }
    public Guid LeadDepartmentId { get; private set; }
    public string LeadDepartmentName { get; private set; } = "";
    public List<Guid> CoDepartmentIds { get; private set; } = [];
    public DateOnly Deadline { get; private set; }
    public DateOnly AssignedOn { get; private set; }
    /// <summary>The day the item was first adopted (China time): where "days from adoption to reply" start.</summary>
    public DateOnly AdoptedOn { get; private set; }
    public Guid? SupervisorPersonId { get; private set; }
    public string? Note { get; private set; }
    public HandlingStatus Status { get; private set; }
    public int Round { get; private set; } = 1;
    public List<AuthorShare> Authors { get; private set; } = [];
    /// <summary>The authors' person ids, as an array column so "my items' handlings" is a query.</summary>
    public List<Guid> AuthorPersonIds { get; private set; } = [];
    public List<HandlingReply> Replies { get; private set; } = [];
    public List<HandlingRequest> Requests { get; private set; } = [];
    public List<HandlingRatingRecord> Ratings { get; private set; } = [];
    public string AssignedBy { get; private set; } = "";
    public DateTimeOffset AssignedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    /// <summary>Counts changes (1 when assigned), carried by HandlingStatusChanged so consumers keep the latest.</summary>
    public int Revision { get; private set; }
    public uint Version { get; private set; }
    /// <summary>The item is a 主席直通车 item (its readers are named): its events say so, so webhooks leave them out.</summary>
    public bool Restricted { get; private set; }

    public bool IsOpen => Status is HandlingStatus.Assigned or HandlingStatus.Accepted or HandlingStatus.InProgress;
    public DepartmentRef Lead => new(LeadDepartmentId, LeadDepartmentName);
    public HandlingRequest? PendingRequest => Requests.FirstOrDefault(r => r.Decision == HandlingRequestDecision.Pending);

    public static Handling Assign(ReviewCase reviewCase, Guid? instructionId, Department lead, IReadOnlyList<Department> coHandling,
        DateOnly deadline, DateOnly adoptedOn, Guid? supervisorPersonId, string? note, string assignedBy, DateTimeOffset now, DateOnly today)
    {
        var handling = new Handling
        {
            Id = Guid.CreateVersion7(),
            TenantId = reviewCase.TenantId,
            SubmissionId = reviewCase.SubmissionId,
            CaseId = reviewCase.Id,
            Title = reviewCase.Title,
            InstructionId = instructionId,
            LeadDepartmentId = lead.Id,
            LeadDepartmentName = lead.Name,
            CoDepartmentIds = [.. coHandling.Select(d => d.Id)],
            Deadline = deadline,
            AssignedOn = today,
            AdoptedOn = adoptedOn,
            SupervisorPersonId = supervisorPersonId,
            Note = note,
            Status = HandlingStatus.Assigned,
            Authors = [.. reviewCase.Authors],
            AuthorPersonIds = [.. reviewCase.Authors.Select(a => a.PersonId)],
            AssignedBy = assignedBy,
            AssignedAt = now,
            UpdatedAt = now,
            Revision = 1,
            Restricted = reviewCase.IsRestricted,
        };
        handling.Raise(new HandlingAssigned(handling.Id, handling.SubmissionId, handling.CaseId, handling.Title, instructionId, lead.Ref,
            [.. coHandling.Select(d => d.Ref)], deadline, supervisorPersonId, handling.Authors, now, handling.Restricted));
        return handling;
    }

    /// <summary>True when the department may see it: the lead or a co-handler.</summary>
    public bool Involves(Guid departmentId) => LeadDepartmentId == departmentId || CoDepartmentIds.Contains(departmentId);

    /// <summary>签收: the lead department accepted the assignment.</summary>
    public Outcome Accept(DateTimeOffset now)
    {
        if (Status != HandlingStatus.Assigned) return WrongState("accept", HandlingStatus.Assigned);
        return Move(HandlingStatus.Accepted, "accepted", null, now);
    }

    /// <summary>办理中: the lead department started work (from accepted).</summary>
    public Outcome Start(string? comment, DateTimeOffset now)
    {
        if (Status != HandlingStatus.Accepted) return WrongState("start", HandlingStatus.Accepted);
        return Move(HandlingStatus.InProgress, "in-progress", comment, now);
    }

    /// <summary>答复: the lead department's reply of this round, once accepted (or in progress).</summary>
    public Outcome<HandlingReply> Reply(ReplyCategory category, string text, IReadOnlyList<Guid> attachments, string repliedBy,
        DateTimeOffset now, DateOnly today)
    {
        if (Status is not (HandlingStatus.Accepted or HandlingStatus.InProgress))
            return new DomainError("handling-not-accepted", "该交办件尚未签收或已答复，不能答复",
                $"A reply needs the handling accepted or in progress; it is {Status}.");
        var reply = new HandlingReply(Round, category, text, [.. attachments], LeadDepartmentId, repliedBy, now, Deadline, today <= Deadline);
        Replies.Add(reply);
        Status = HandlingStatus.Replied;
        Touch(now);
        Raise(new HandlingReplied(Id, SubmissionId, Round, category, text, reply.AttachmentFileIds, Lead, Deadline, reply.OnTime, Authors, now, Restricted,
            [.. CoDepartmentIds]));
        return reply;
    }

    /// <summary>转办 / 延期: the lead department asks staff; one pending request at a time, while the handling is open.</summary>
    public Outcome<HandlingRequest> Ask(HandlingRequestKind kind, string reason, Department? to, DateOnly? newDeadline, string requestedBy,
        DateTimeOffset now)
    {
        if (!IsOpen)
            return new DomainError("handling-not-open", "该交办件已答复或已办结，不能申请转办或延期", $"The handling is {Status}.");
        if (PendingRequest is not null)
            return new DomainError("request-pending", "已有待审批的申请", "Wait for staff to decide the pending request.");
        var request = new HandlingRequest(Guid.CreateVersion7(), kind, reason, to?.Id, newDeadline, LeadDepartmentId, requestedBy, now);
        Requests.Add(request);
        Touch(now);
        return request;
    }

    /// <summary>Staff decide the pending request: an approved transfer makes the other department the lead (assigned
    /// again), an approved extension moves the deadline; a refusal is recorded and announced.</summary>
    public Outcome Decide(Guid requestId, bool approve, string? comment, Department? to, string decidedBy, DateTimeOffset now)
    {
        var index = Requests.FindIndex(r => r.Id == requestId);
        if (index < 0) return new DomainError("request-not-found", "申请不存在", $"No request {requestId} on this handling.");
        var request = Requests[index];
        if (request.Decision != HandlingRequestDecision.Pending)
            return new DomainError("request-decided", "该申请已审批", $"The request was {request.Decision} already.");
        if (approve && !IsOpen)
            return new DomainError("handling-not-open", "该交办件已答复或已办结", $"The handling is {Status}.");
        Requests[index] = request with
        {
            Decision = approve ? HandlingRequestDecision.Approved : HandlingRequestDecision.Refused,
            DecidedBy = decidedBy, DecidedAt = now, DecisionComment = comment,
        };
        if (!approve) return Move(Status, "request-refused", comment, now);
        if (request.Kind == HandlingRequestKind.Extension)
        {
            Deadline = request.NewDeadline!.Value;
            return Move(Status, "extended", comment, now);
        }
        var previous = Lead;
        (LeadDepartmentId, LeadDepartmentName) = (to!.Id, to.Name);
        CoDepartmentIds.Remove(to.Id);
        return Move(HandlingStatus.Assigned, "transferred", comment, now, previous);
    }

    /// <summary>
    /// 评价 by one of the item's authors, once per round: 满意 or 基本满意 closes it; 不满意 in round 1 reopens it for
    /// round 2 (in progress, a new deadline as long as the first round had, from today); a second 不满意 closes it anyway.
    /// </summary>
    public Outcome<HandlingRatingRecord> Rate(Guid personId, HandlingRating rating, string? comment, DateTimeOffset now, DateOnly today)
    {
        if (!AuthorPersonIds.Contains(personId))
            return new DomainError("not-an-author", "只有该信息的作者才能评价答复", "Only the item's authors rate its reply.");
        if (Status != HandlingStatus.Replied)
            return new DomainError("handling-not-replied", "尚无待评价的答复", $"The handling is {Status}; a reply of this round is rated once.");
        var record = new HandlingRatingRecord(Round, rating, comment, personId, now);
        Ratings.Add(record);
        var reopen = rating == HandlingRating.Dissatisfied && Round < LastRound;
        Raise(new HandlingRated(Id, SubmissionId, Round, rating, comment, personId, reopen, !reopen, Authors, now, Restricted));
        if (reopen)
        {
            var firstRoundDays = Math.Max(1, Deadline.DayNumber - AssignedOn.DayNumber);
            Round++;
            Deadline = today.AddDays(firstRoundDays);
            Move(HandlingStatus.InProgress, "reopened", comment, now);
        }
        else
        {
            ClosedAt = now;
            Move(HandlingStatus.Closed, "closed", comment, now);
        }
        return record;
    }

    /// <summary>The current round's reply, if any.</summary>
    public HandlingReply? LastReply => Replies.LastOrDefault();

    private Outcome Move(HandlingStatus status, string change, string? comment, DateTimeOffset now, DepartmentRef? previousLead = null)
    {
        Status = status;
        Touch(now);
        Raise(new HandlingStatusChanged(Id, SubmissionId, change, status, Round, Lead, Deadline, comment, Authors, now, Revision, Restricted,
            [.. CoDepartmentIds], previousLead));
        return Outcome.Done;
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Revision++;
    }

    private DomainError WrongState(string action, HandlingStatus needed) => new("invalid-state", "当前状态不能进行该操作",
        $"To {action} the handling must be {needed}; it is {Status}.");
}
