using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Apis;

public sealed record SessionView(Guid Id, int Order, string? Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal Hours)
{
    public static SessionView From(TrainingSession s) => new(s.Id, s.Order, s.Title, s.StartsAt, s.EndsAt, s.Hours);
}

/// <summary>Live counts beside the plan: persons who attended any session, confirmed and waiting registrations.</summary>
public sealed record EventCounts(int Attended, int Confirmed, int Waiting);

/// <summary>
/// An event. The ETag is its Version (the plan and the status); the counts (attended, confirmed, waiting) are live and
/// do not change it. KindName and StatusName are the Chinese labels.
/// </summary>
public sealed record TrainingEventView(
    Guid Id, string Title, TrainingEventKind Kind, DateTimeOffset StartsAt, string? Place, int? Capacity, int Attended,
    string KindName, TrainingEventStatus Status, string StatusName, DateTimeOffset EndsAt, IReadOnlyList<SessionView> Sessions,
    decimal TotalHours, Guid? OrganiserUnitId, IReadOnlyList<Guid> CoOrganiserUnitIds, IReadOnlyList<Speaker> Speakers,
    AudienceScope Audience, IReadOnlyList<Guid> AudienceUnitIds, IReadOnlyList<string> AudiencePersonKinds,
    DateTimeOffset? RegistrationOpensAt, DateTimeOffset? RegistrationClosesAt, IReadOnlyList<Material> Materials,
    bool SharedWithOtherTenants, string? CancelReason, DateTimeOffset? HeldAt, int Confirmed, int Waiting,
    IReadOnlyList<SeminarTopic> SeminarTopics, IReadOnlyList<Guid> WorkedItemIds, IReadOnlyList<MaterialFile> MaterialFiles) : IVersioned
{
    public uint Version { get; init; }

    public static TrainingEventView From(TrainingEvent t, EventCounts counts)
    {
        var sessions = t.Sessions.OrderBy(s => s.Order).Select(SessionView.From).ToList();
        return new(t.Id, t.Title, t.Kind, t.StartsAt, t.Place, t.Capacity, counts.Attended, EventLabels.Kind(t.Kind), t.Status,
            EventLabels.Status(t.Status), t.EndsAt, sessions, sessions.Sum(s => s.Hours), t.OrganiserUnitId, t.CoOrganiserUnitIds, t.Speakers,
            t.Audience, t.AudienceUnitIds, t.AudiencePersonKinds, t.RegistrationOpensAt, t.RegistrationClosesAt, t.Materials,
            t.SharedWithOtherTenants, t.CancelReason, t.HeldAt, counts.Confirmed, counts.Waiting, t.SeminarTopics, t.WorkedItemIds, t.MaterialFiles)
        { Version = (uint)t.Version };
    }
}

/// <summary>The Chinese names people read (exports, calendars).</summary>
public static class EventLabels
{
    public static string Kind(TrainingEventKind kind) => kind switch
    {
        TrainingEventKind.ExpertLecture => "请下来·专家辅导",
        TrainingEventKind.ExternalTraining => "走出去·外出培训",
        TrainingEventKind.GrassrootsSession => "走进去·基层专题培训",
        TrainingEventKind.TopicSeminar => "选题研讨",
        TrainingEventKind.DraftingSeminar => "撰稿研讨",
        TrainingEventKind.EditingSeminar => "编审研讨",
        TrainingEventKind.ExperienceExchange => "交流座谈",
        TrainingEventKind.TalentVisit => "走访",
        _ => kind.ToString(),
    };

    public static string Status(TrainingEventStatus status) => status switch
    {
        TrainingEventStatus.Planned => "计划中",
        TrainingEventStatus.Open => "报名中",
        TrainingEventStatus.Closed => "报名截止",
        TrainingEventStatus.Held => "已举行",
        TrainingEventStatus.Archived => "已归档",
        TrainingEventStatus.Cancelled => "已取消",
        _ => status.ToString(),
    };

    public static string Registration(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Confirmed => "已确认",
        RegistrationStatus.Waiting => "候补",
        RegistrationStatus.Cancelled => "已取消",
        _ => status.ToString(),
    };

    /// <summary>人员类别 as the people service names them.</summary>
    public static string PersonKind(string kind) => kind switch
    {
        "member" => "委员",
        "party-member" => "会员/盟员",
        "special-officer" => "特约信息员",
        "staff" => "机关干部",
        _ => kind,
    };

    public static string Method(AttendanceMethod method) => method switch
    {
        AttendanceMethod.QrCode => "扫码签到",
        AttendanceMethod.ByHand => "工作人员代签",
        AttendanceMethod.Correction => "补录更正",
        _ => method.ToString(),
    };
}
