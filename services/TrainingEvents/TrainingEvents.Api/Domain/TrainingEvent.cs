namespace SheqingMinyi.TrainingEvents.Domain;

/// <summary>请下来/走出去/走进去 and the seminars: the kinds of training and events a body organises.</summary>
public enum TrainingEventKind
{
    ExpertLecture, ExternalTraining, GrassrootsSession, TopicSeminar, DraftingSeminar, EditingSeminar, ExperienceExchange, TalentVisit,
}

public sealed class TrainingEvent
{
    public const int TitleMaxLength = 200;
    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public string Title { get; set; } = "";
    public TrainingEventKind Kind { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public string? Place { get; set; }
    public int? Capacity { get; set; }
    public List<Attendance> Attendances { get; init; } = [];
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
