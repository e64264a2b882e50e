using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.TrainingEvents.Domain;

/// <summary>请下来/走出去/走进去 and the seminars: the kinds of training and events a body organises.</summary>
public enum TrainingEventKind
{
    ExpertLecture, ExternalTraining, GrassrootsSession, TopicSeminar, DraftingSeminar, EditingSeminar, ExperienceExchange, TalentVisit,
}

public sealed class TrainingEvent : AggregateRoot
{
    public const int TitleMaxLength = 200;
    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public TrainingEventKind Kind { get; private set; }
    public DateTimeOffset StartsAt { get; private set; }
    public string? Place { get; private set; }
    public int? Capacity { get; private set; }
    public List<Attendance> Attendances { get; private set; } = [];

    private TrainingEvent() { }

    public static TrainingEvent Schedule(string tenantId, string title, TrainingEventKind kind, DateTimeOffset startsAt, string? place, int? capacity) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenantId,
        Title = title.Trim(),
        Kind = kind,
        StartsAt = startsAt.ToUniversalTime(),
        Place = place?.Trim(),
        Capacity = capacity,
    };

    /// <summary>Checks a person in and raises AttendanceRecorded (hours earn points), or says why not. The caller
    /// counts the attendance so far while it holds the event's row lock, so the last place is taken once.</summary>
    public Outcome<Attendance> RecordAttendance(Guid personId, decimal hours, bool alreadyCheckedIn, int attendedSoFar, DateTimeOffset now)
    {
        if (alreadyCheckedIn)
            return new DomainError("already-checked-in", "已签到", "This person's attendance is already recorded.");
        if (Capacity is { } capacity && attendedSoFar >= capacity)
            return new DomainError("capacity-reached", "人数已满", "The event has reached its capacity.");
        var attendance = new Attendance { TrainingEventId = Id, PersonId = personId, TenantId = TenantId, Hours = hours, CheckedInAt = now };
        Raise(new AttendanceRecorded(Id, personId, attendance.Hours, attendance.CheckedInAt, ApiEnums.Name(Kind)));
        return attendance;
    }
}

/// <summary>签到: a person attended an event and is credited its hours.</summary>
public sealed class Attendance
{
    public Guid TrainingEventId { get; init; }
    public Guid PersonId { get; init; }
    public string TenantId { get; init; } = "";
    public decimal Hours { get; init; }
    public DateTimeOffset CheckedInAt { get; init; }
}
