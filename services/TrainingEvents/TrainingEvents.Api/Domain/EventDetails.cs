namespace SheqingMinyi.TrainingEvents.Domain;

/// <summary>planned → open (registration) → closed (registration) → held → archived; cancelled (with a reason) before it is held.</summary>
public enum TrainingEventStatus
{
    Planned, Open, Closed, Held, Archived, Cancelled,
}

/// <summary>Who an event is for: the whole tenant, named units, or kinds of person (member, party-member, special-officer, staff).</summary>
public enum AudienceScope
{
    WholeTenant, Units, PersonKinds,
}

/// <summary>主讲: a person of the tenant (PersonId) or an external speaker, with title and organisation as printed on the notice.</summary>
public sealed record Speaker(string Name, Guid? PersonId = null, string? Title = null, string? Organisation = null);

/// <summary>培训材料: a link (slides, reading, recording) with its title.</summary>
public sealed record Material(string Title, string Url);

/// <summary>培训材料 as a file (课件, 讲义): the stored file (the service's file store, size- and type-checked) and its title.</summary>
public sealed record MaterialFile(Guid FileId, string Title, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt);

/// <summary>研讨选题: a topic a topic-selection seminar produced; SentAt once it went to intake's topic list (选题).</summary>
public sealed record SeminarTopic(Guid Id, string Title, string? Description, DateTimeOffset? SentAt = null);

/// <summary>A session (场次) of an event: its own time and the hours it credits. A multi-day trip has several.</summary>
public sealed class TrainingSession
{
    public const int TitleMaxLength = 200;
    public Guid Id { get; init; }
    public Guid TrainingEventId { get; init; }
    public string TenantId { get; init; } = "";
    public int Order { get; set; }
    public string? Title { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public decimal Hours { get; set; }

    /// <summary>The session's time from start to end, in hours: the most a correction may credit.</summary>
    public decimal LengthInHours => Math.Round((decimal)(EndsAt - StartsAt).TotalHours, 2);
}

/// <summary>A session as a request names it, before it belongs to an event.</summary>
public sealed record SessionPlan(string? Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal Hours);

/// <summary>Everything about an event the office plans and edits at once (everything but its status and attendance).</summary>
public sealed record EventPlan(
    string Title, TrainingEventKind Kind, IReadOnlyList<SessionPlan> Sessions, string? Place, Guid? OrganiserUnitId,
    IReadOnlyList<Guid> CoOrganiserUnitIds, IReadOnlyList<Speaker> Speakers, AudienceScope Audience, IReadOnlyList<Guid> AudienceUnitIds,
    IReadOnlyList<string> AudiencePersonKinds, int? Capacity, DateTimeOffset? RegistrationOpensAt, DateTimeOffset? RegistrationClosesAt,
    IReadOnlyList<Material> Materials, bool SharedWithOtherTenants);
