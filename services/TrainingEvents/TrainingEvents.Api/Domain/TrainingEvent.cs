using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.TrainingEvents.Domain;

/// <summary>请下来/走出去/走进去 and the seminars: the kinds of training and events a body organises.</summary>
public enum TrainingEventKind
{
    ExpertLecture, ExternalTraining, GrassrootsSession, TopicSeminar, DraftingSeminar, EditingSeminar, ExperienceExchange, TalentVisit,
}

/// <summary>
/// 培训与活动: an event with its sessions, speakers, audience, capacity and registration window, through its states.
/// Version counts its changes (1 when scheduled); it is the ETag and is carried by the events it raises.
/// </summary>
public sealed class TrainingEvent : AggregateRoot
{
    public const int TitleMaxLength = 200;
    public const int PlaceMaxLength = 200;
    public const int ReasonMaxLength = 500;

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public TrainingEventKind Kind { get; private set; }
    public TrainingEventStatus Status { get; private set; }
    /// <summary>The first session's start and the last one's end (kept with the sessions, for the calendar's queries).</summary>
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public string? Place { get; private set; }
    public Guid? OrganiserUnitId { get; private set; }
    public List<Guid> CoOrganiserUnitIds { get; private set; } = [];
    public List<Speaker> Speakers { get; private set; } = [];
    public AudienceScope Audience { get; private set; }
    public List<Guid> AudienceUnitIds { get; private set; } = [];
    public List<string> AudiencePersonKinds { get; private set; } = [];
    public int? Capacity { get; private set; }
    public DateTimeOffset? RegistrationOpensAt { get; private set; }
    public DateTimeOffset? RegistrationClosesAt { get; private set; }
    public List<Material> Materials { get; private set; } = [];
    /// <summary>Materials uploaded as files, beside the links (not part of the plan: a PUT keeps them).</summary>
    public List<MaterialFile> MaterialFiles { get; private set; } = [];
    /// <summary>Listed to the other tenants of the platform (shared_event_listings), nothing else of it.</summary>
    public bool SharedWithOtherTenants { get; private set; }
    public string? CancelReason { get; private set; }
    public DateTimeOffset? HeldAt { get; private set; }
    public List<SeminarTopic> SeminarTopics { get; private set; } = [];
    /// <summary>撰稿/编审研讨: the items (intake submissions) the seminar worked on.</summary>
    public List<Guid> WorkedItemIds { get; private set; } = [];
    public int Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public List<TrainingSession> Sessions { get; private set; } = [];
    public List<Attendance> Attendances { get; private set; } = [];
    /// <summary>Rises with every attendance change of the event (check-in, by hand, removal): the Version of its
    /// AttendanceRecorded/AttendanceRemoved, so consumers keep the latest change (not the event's ETag).</summary>
    public int AttendanceRevision { get; private set; }

    private readonly List<(string Tenant, object Event)> _guestEvents = [];

    private TrainingEvent() { }

    /// <summary>The events for guests' own tenants (their attendance recorded or removed), each published under the
    /// guest's tenant with this change (see GuestCredits); taken once.</summary>
    public IReadOnlyList<(string Tenant, object Event)> TakeGuestEvents()
    {
        var taken = _guestEvents.ToList();
        _guestEvents.Clear();
        return taken;
    }

    public static TrainingEvent Schedule(string tenantId, EventPlan plan, DateTimeOffset now)
    {
        var training = new TrainingEvent { Id = Guid.CreateVersion7(), TenantId = tenantId, Status = TrainingEventStatus.Planned, Version = 1 };
        training.Apply(plan, now);
        return training;
    }

    public bool IsSeminar => Kind is TrainingEventKind.TopicSeminar or TrainingEventKind.DraftingSeminar or TrainingEventKind.EditingSeminar;

    /// <summary>
    /// Edits the plan. A held, archived or cancelled event is history and stays as it was. A new time or place with
    /// people registered raises TrainingEventChanged naming them. Sessions that have check-ins keep their ids.
    /// </summary>
    public Outcome Revise(EventPlan plan, IReadOnlyList<Guid> registrants, DateTimeOffset now)
    {
        if (Status is TrainingEventStatus.Held or TrainingEventStatus.Archived or TrainingEventStatus.Cancelled)
            return new DomainError("event-not-editable", "活动已举行、归档或取消，不能修改", $"An event in status '{ApiEnums.Name(Status)}' cannot be edited.");
        var (startsAt, endsAt, place) = (StartsAt, EndsAt, Place);
        var sessionTimes = Sessions.OrderBy(s => s.Order).Select(s => (s.StartsAt, s.EndsAt)).ToList();
        Apply(plan, now);
        Version++;
        var moved = startsAt != StartsAt || endsAt != EndsAt || place != Place
            || !sessionTimes.SequenceEqual(Sessions.OrderBy(s => s.Order).Select(s => (s.StartsAt, s.EndsAt)));
        if (moved && registrants.Count > 0)
            Raise(new TrainingEventChanged(Id, Title, StartsAt, EndsAt, Place, registrants, now, Version));
        return Outcome.Done;
    }

    private void Apply(EventPlan plan, DateTimeOffset now)
    {
        Title = plan.Title.Trim();
        Kind = plan.Kind;
        Place = string.IsNullOrWhiteSpace(plan.Place) ? null : plan.Place.Trim();
        OrganiserUnitId = plan.OrganiserUnitId;
        CoOrganiserUnitIds = [.. plan.CoOrganiserUnitIds.Distinct()];
        Speakers = [.. plan.Speakers];
        Audience = plan.Audience;
        AudienceUnitIds = plan.Audience == AudienceScope.Units ? [.. plan.AudienceUnitIds.Distinct()] : [];
        AudiencePersonKinds = plan.Audience == AudienceScope.PersonKinds ? [.. plan.AudiencePersonKinds.Distinct()] : [];
        Capacity = plan.Capacity;
        RegistrationOpensAt = plan.RegistrationOpensAt?.ToUniversalTime();
        RegistrationClosesAt = plan.RegistrationClosesAt?.ToUniversalTime();
        Materials = [.. plan.Materials];
        SharedWithOtherTenants = plan.SharedWithOtherTenants;
        // Sessions keep their ids by position, so check-ins and codes of a kept session stay valid.
        var ordered = plan.Sessions.OrderBy(s => s.StartsAt).ToList();
        var kept = Sessions.OrderBy(s => s.Order).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var session = i < kept.Count ? kept[i] : new TrainingSession { Id = Guid.CreateVersion7(), TrainingEventId = Id, TenantId = TenantId };
            session.Order = i + 1;
            session.Title = string.IsNullOrWhiteSpace(ordered[i].Title) ? null : ordered[i].Title!.Trim();
            session.StartsAt = ordered[i].StartsAt.ToUniversalTime();
            session.EndsAt = ordered[i].EndsAt.ToUniversalTime();
            session.Hours = ordered[i].Hours;
            if (i >= kept.Count) Sessions.Add(session);
        }
        foreach (var dropped in kept.Skip(ordered.Count)) Sessions.Remove(dropped);
        StartsAt = Sessions.Min(s => s.StartsAt);
        EndsAt = Sessions.Max(s => s.EndsAt);
        UpdatedAt = now;
    }

    /// <summary>Sessions with check-ins cannot be dropped by an edit: their attendance is history.</summary>
    public bool WouldDropAttendedSession(int sessionCount) =>
        Sessions.OrderBy(s => s.Order).Skip(sessionCount).Any(s => Attendances.Any(a => a.SessionId == s.Id));

    /// <summary>Moves along planned → open → closed → held → archived (open may go back to closed and closed to open).</summary>
    public Outcome MoveTo(TrainingEventStatus target, DateTimeOffset now)
    {
        var allowed = (Status, target) switch
        {
            (TrainingEventStatus.Planned, TrainingEventStatus.Open) => true,
            (TrainingEventStatus.Open, TrainingEventStatus.Closed) => true,
            (TrainingEventStatus.Closed, TrainingEventStatus.Open) => true,
            (TrainingEventStatus.Planned or TrainingEventStatus.Open or TrainingEventStatus.Closed, TrainingEventStatus.Held) => true,
            (TrainingEventStatus.Held, TrainingEventStatus.Archived) => true,
            _ => false,
        };
        if (!allowed)
            return new DomainError("invalid-status", "当前状态不允许此操作",
                $"An event in status '{ApiEnums.Name(Status)}' cannot become '{ApiEnums.Name(target)}'.");
        Status = target;
        if (target == TrainingEventStatus.Held) HeldAt = now;
        Version++;
        UpdatedAt = now;
        return Outcome.Done;
    }

    public Outcome Cancel(string reason, IReadOnlyList<Guid> registrants, DateTimeOffset now)
    {
        if (Status is not (TrainingEventStatus.Planned or TrainingEventStatus.Open or TrainingEventStatus.Closed))
            return new DomainError("invalid-status", "当前状态不允许取消", $"An event in status '{ApiEnums.Name(Status)}' cannot be cancelled.");
        Status = TrainingEventStatus.Cancelled;
        CancelReason = reason.Trim();
        Version++;
        UpdatedAt = now;
        Raise(new TrainingEventCancelled(Id, Title, CancelReason, registrants, now, Version));
        return Outcome.Done;
    }

    /// <summary>Registration is open: status open and, where a window is set, inside it.</summary>
    public DomainError? CannotRegister(DateTimeOffset now)
    {
        if (Status != TrainingEventStatus.Open)
            return new DomainError("registration-closed", "该活动当前不接受报名", $"Registration needs an open event; this one is '{ApiEnums.Name(Status)}'.");
        if (RegistrationOpensAt is { } opens && now < opens)
            return new DomainError("registration-not-started", "报名尚未开始", $"Registration opens at {opens:O}.");
        if (RegistrationClosesAt is { } closes && now > closes)
            return new DomainError("registration-ended", "报名已截止", $"Registration closed at {closes:O}.");
        return null;
    }

    /// <summary>
    /// The attendance lock: a held event's attendance is final <paramref name="grace"/> after it was marked held; later
    /// changes are corrections (a reason, audited).
    /// </summary>
    public bool AttendanceLocked(DateTimeOffset now, TimeSpan grace) =>
        Status == TrainingEventStatus.Archived || (HeldAt is { } held && now > held + grace);

    /// <summary>Checks a person in to a session and raises AttendanceRecorded with the session's hours (or the
    /// override staff gave), or says why not. A guest of another tenant (<paramref name="guestTenantId"/>) is credited in
    /// the guest's own tenant, not here: no event is raised for the owner (see GuestCredits). The caller counts the session's attendance while it holds the event's
    /// row lock, so the last place is taken once.</summary>
    public Outcome<Attendance> RecordAttendance(TrainingSession session, Guid personId, decimal? hours, bool alreadyCheckedIn,
        int attendedSoFar, AttendanceMethod method, Guid? recordedBy, DateTimeOffset now, string? guestTenantId = null)
    {
        if (Status is TrainingEventStatus.Cancelled)
            return new DomainError("event-cancelled", "活动已取消", "A cancelled event takes no attendance.");
        if (alreadyCheckedIn)
            return new DomainError("already-checked-in", "已签到", "This person's attendance of this session is already recorded.");
        if (Capacity is { } capacity && attendedSoFar >= capacity)
            return new DomainError("capacity-reached", "人数已满", "The event has reached its capacity.");
        var attendance = new Attendance
        {
            TrainingEventId = Id, SessionId = session.Id, PersonId = personId, TenantId = TenantId, Hours = hours ?? session.Hours,
            CheckedInAt = now, Method = method, RecordedBy = recordedBy, GuestTenantId = guestTenantId, Version = ++AttendanceRevision,
        };
        if (guestTenantId is not null)
        {
            _guestEvents.Add((guestTenantId, attendance.Credit(this)));
            return attendance;
        }
        // A one-sitting event is credited per event, as before sessions existed; each session of a longer one on its own.
        Raise(attendance.Credit(this));
        return attendance;
    }

    public const int MaxMaterialFiles = 50;

    /// <summary>Adds an uploaded file to the materials (a cancelled event takes none; at most <see cref="MaxMaterialFiles"/>).</summary>
    public Outcome AttachMaterial(MaterialFile file, DateTimeOffset now)
    {
        if (Status is TrainingEventStatus.Cancelled)
            return new DomainError("event-cancelled", "活动已取消", "A cancelled event takes no materials.");
        if (MaterialFiles.Count >= MaxMaterialFiles)
            return new DomainError("too-many-materials", $"每个活动最多 {MaxMaterialFiles} 个材料文件", $"An event has at most {MaxMaterialFiles} material files.");
        MaterialFiles = [.. MaterialFiles, file];
        Version++;
        UpdatedAt = now;
        return Outcome.Done;
    }

    public Outcome RemoveMaterial(Guid fileId, DateTimeOffset now)
    {
        if (MaterialFiles.All(m => m.FileId != fileId))
            return new DomainError("not-found", "未找到该材料", $"The event has no material file '{fileId}'.");
        MaterialFiles = [.. MaterialFiles.Where(m => m.FileId != fileId)];
        Version++;
        UpdatedAt = now;
        return Outcome.Done;
    }

    /// <summary>Takes back a wrong check-in: raises AttendanceRemoved with a new revision (for a guest, the caller tells
    /// the guest's tenant instead, see GuestCredits). The caller deletes the row.</summary>
    public AttendanceRemoved RemoveAttendance(Attendance attendance, string reason, DateTimeOffset now)
    {
        var removed = new AttendanceRemoved(Id, attendance.PersonId, Sessions.Count > 1 ? attendance.SessionId : null, now, reason.Trim(), ++AttendanceRevision);
        if (attendance.GuestTenantId is null) Raise(removed);
        else _guestEvents.Add((attendance.GuestTenantId, removed));
        return removed;
    }

    /// <summary>
    /// 学时更正 (the office, with a reason, audited, before or after the lock): the attendance gets the new hours and a new
    /// revision, and AttendanceRecorded carries both so scoring and the member record replace the hours (a guest's goes to
    /// the guest's tenant). Hours are more than 0 and at most the session's length (its time from start to end).
    /// Unchanged hours change nothing (no new revision).
    /// </summary>
    public Outcome CorrectAttendance(Attendance attendance, decimal hours, DateTimeOffset now)
    {
        if (Status is TrainingEventStatus.Cancelled)
            return new DomainError("event-cancelled", "活动已取消", "A cancelled event takes no attendance.");
        var session = Sessions.First(s => s.Id == attendance.SessionId);
        if (hours > session.LengthInHours)
            return new DomainError("hours-over-session", $"学时不能超过该场次的时长 ({session.LengthInHours:0.##} 小时)",
                $"The hours exceed the session's length of {session.LengthInHours:0.##} h.");
        if (hours == attendance.Hours) return Outcome.Done;
        attendance.Correct(hours, ++AttendanceRevision);
        if (attendance.GuestTenantId is null) Raise(attendance.Credit(this));
        else _guestEvents.Add((attendance.GuestTenantId, attendance.Credit(this)));
        UpdatedAt = now;
        return Outcome.Done;
    }

    /// <summary>选题研讨: records the topics the seminar produced (added to those it has).</summary>
    public Outcome RecordTopics(IEnumerable<(string Title, string? Description)> topics, DateTimeOffset now)
    {
        if (Kind != TrainingEventKind.TopicSeminar)
            return new DomainError("not-a-topic-seminar", "只有选题研讨可以记录选题", "Only a topic-selection seminar records topics.");
        if (Status is TrainingEventStatus.Cancelled)
            return new DomainError("event-cancelled", "活动已取消", "A cancelled seminar records nothing.");
        SeminarTopics = [.. SeminarTopics, .. topics.Select(t => new SeminarTopic(Guid.CreateVersion7(), t.Title.Trim(), t.Description?.Trim()))];
        Version++;
        UpdatedAt = now;
        return Outcome.Done;
    }

    /// <summary>Sends one recorded topic to intake's topic list, once (a second send is refused).</summary>
    public Outcome SendTopic(Guid topicId, DateTimeOffset now)
    {
        var index = SeminarTopics.FindIndex(t => t.Id == topicId);
        if (index < 0) return new DomainError("topic-not-found", "未找到该选题", $"The seminar has no topic '{topicId}'.");
        var topic = SeminarTopics[index];
        if (topic.SentAt is not null) return new DomainError("topic-already-sent", "该选题已送交选题库", "The topic was sent already.");
        SeminarTopics = [.. SeminarTopics.Select((t, i) => i == index ? t with { SentAt = now } : t)];
        Version++;
        UpdatedAt = now;
        Raise(new SeminarTopicSent(topic.Id, Id, Title, topic.Title, topic.Description, now));
        return Outcome.Done;
    }

    /// <summary>撰稿/编审研讨: the items the seminar worked on (replaces the list).</summary>
    public Outcome RecordWorkedItems(IEnumerable<Guid> itemIds, DateTimeOffset now)
    {
        if (Kind is not (TrainingEventKind.DraftingSeminar or TrainingEventKind.EditingSeminar))
            return new DomainError("not-a-drafting-seminar", "只有撰稿研讨或编审研讨可以记录研讨稿件", "Only drafting and editing seminars list items.");
        WorkedItemIds = [.. itemIds.Distinct()];
        Version++;
        UpdatedAt = now;
        return Outcome.Done;
    }
}

/// <summary>How an attendance was recorded: the person's QR scan, staff by hand, or a correction after the lock.</summary>
public enum AttendanceMethod
{
    QrCode, ByHand, Correction,
}

/// <summary>签到: a person attended a session of an event and is credited its hours.</summary>
public sealed class Attendance
{
    public Guid TrainingEventId { get; init; }
    public Guid SessionId { get; init; }
    public Guid PersonId { get; init; }
    public string TenantId { get; init; } = "";
    public decimal Hours { get; internal set; }
    public DateTimeOffset CheckedInAt { get; init; }
    public AttendanceMethod Method { get; internal set; }
    /// <summary>The staff member who recorded it by hand; null for a QR scan.</summary>
    public Guid? RecordedBy { get; init; }
    /// <summary>跨租户参加: the guest's tenant when the person came from another body through the shared listing.</summary>
    public string? GuestTenantId { get; init; }
    /// <summary>The event's attendance revision when it was recorded or last corrected (its AttendanceRecorded's Version).</summary>
    public int Version { get; internal set; }

    /// <summary>学时更正 by the office: new hours at a new revision.</summary>
    internal void Correct(decimal hours, int version) => (Hours, Method, Version) = (hours, AttendanceMethod.Correction, version);

    /// <summary>The integration event that credits this attendance (in the owner's tenant, or the guest's own).</summary>
    public AttendanceRecorded Credit(TrainingEvent training) =>
        new(TrainingEventId, PersonId, Hours, CheckedInAt, ApiEnums.Name(training.Kind), training.Sessions.Count > 1 ? SessionId : null, Version);
}
