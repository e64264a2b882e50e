using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Apis;

public sealed record SessionRequest(string? Title, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, decimal? Hours);
public sealed record SpeakerRequest(string? Name, Guid? PersonId, string? Title, string? Organisation);
public sealed record MaterialRequest(string? Title, string? Url);

/// <summary>
/// An event as the office plans it (POST /events, PUT /events/{id}). Either sessions, or one sitting by startsAt (with
/// endsAt, or hours, default 2). Audience: whole-tenant (default), units (audienceUnitIds) or person-kinds
/// (audiencePersonKinds: member, party-member, special-officer, staff).
/// </summary>
public sealed record ScheduleEventRequest(
    string? Title, TrainingEventKind? Kind, DateTimeOffset? StartsAt = null, string? Place = null, int? Capacity = null,
    DateTimeOffset? EndsAt = null, decimal? Hours = null, IReadOnlyList<SessionRequest>? Sessions = null, Guid? OrganiserUnitId = null,
    IReadOnlyList<Guid>? CoOrganiserUnitIds = null, IReadOnlyList<SpeakerRequest>? Speakers = null, AudienceScope? Audience = null,
    IReadOnlyList<Guid>? AudienceUnitIds = null, IReadOnlyList<string>? AudiencePersonKinds = null,
    DateTimeOffset? RegistrationOpensAt = null, DateTimeOffset? RegistrationClosesAt = null, IReadOnlyList<MaterialRequest>? Materials = null,
    bool? SharedWithOtherTenants = null)
{
    public const int MaxSessions = 60, MaxSpeakers = 30, MaxMaterials = 50, MaxUnits = 200, MaxCapacity = 100_000;
    public static readonly string[] PersonKinds = ["member", "party-member", "special-officer", "staff"];
    private static readonly decimal DefaultHours = 2m;

    /// <summary>The plan, or the field errors that keep it from being one.</summary>
    public (EventPlan? Plan, Validator Validator) ToPlan()
    {
        var validator = new Validator()
            .Required("title", Title, TrainingEvent.TitleMaxLength)
            .Check(Kind is { } kind && Enum.IsDefined(kind), "kind", $"可选: {ApiEnums.Allowed<TrainingEventKind>()}")
            .Optional("place", Place, TrainingEvent.PlaceMaxLength)
            .Check(Capacity is null or (> 0 and <= MaxCapacity), "capacity", $"必须在 1 到 {MaxCapacity} 之间 (must be 1..{MaxCapacity})")
            .Check(Audience is null || Enum.IsDefined(Audience.Value), "audience", $"可选: {ApiEnums.Allowed<AudienceScope>()}")
            .Check(OrganiserUnitId != Guid.Empty, "organiserUnitId", "无效的单位 (not a unit id)");
        var sessions = SessionPlans(validator);
        CheckUnits(validator, "coOrganiserUnitIds", CoOrganiserUnitIds, 20);
        var audience = Audience ?? AudienceScope.WholeTenant;
        if (audience == AudienceScope.Units)
            validator.Check(AudienceUnitIds is { Count: > 0 }, "audienceUnitIds", "面向单位时必须列出单位 (required when the audience is units)");
        CheckUnits(validator, "audienceUnitIds", AudienceUnitIds, MaxUnits);
        if (audience == AudienceScope.PersonKinds)
            validator.Check(AudiencePersonKinds is { Count: > 0 }, "audiencePersonKinds", "面向人员类别时必须列出类别 (required when the audience is person-kinds)");
        validator.Check(AudiencePersonKinds is null || AudiencePersonKinds.All(k => PersonKinds.Contains(k)), "audiencePersonKinds",
            $"可选: {string.Join(", ", PersonKinds)}");
        var speakers = Speakers ?? [];
        validator.Check(speakers.Count <= MaxSpeakers, "speakers", $"最多 {MaxSpeakers} 位 (at most {MaxSpeakers})");
        foreach (var (s, i) in speakers.Select((s, i) => (s, i)))
            validator.Required($"speakers[{i}].name", s?.Name, 100).Optional($"speakers[{i}].title", s?.Title, 100)
                .Optional($"speakers[{i}].organisation", s?.Organisation, 200)
                .Check(s?.PersonId != Guid.Empty, $"speakers[{i}].personId", "无效的人员 (not a person id)");
        var materials = Materials ?? [];
        validator.Check(materials.Count <= MaxMaterials, "materials", $"最多 {MaxMaterials} 项 (at most {MaxMaterials})");
        foreach (var (m, i) in materials.Select((m, i) => (m, i)))
            validator.Required($"materials[{i}].title", m?.Title, 200).Required($"materials[{i}].url", m?.Url, 2000)
                .Check(m?.Url is null || (Uri.TryCreate(m.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"),
                    $"materials[{i}].url", "必须是 http 或 https 链接 (an absolute http(s) link)");
        validator.Check(RegistrationOpensAt is null || RegistrationClosesAt is null || RegistrationOpensAt < RegistrationClosesAt,
            "registrationClosesAt", "报名截止必须晚于报名开始 (must be after registrationOpensAt)");
        if (sessions is { Count: > 0 } && RegistrationClosesAt is { } closes)
            validator.Check(closes <= sessions.Max(s => s.EndsAt), "registrationClosesAt", "报名截止不能晚于活动结束 (must not be after the event ends)");
        if (!validator.IsValid) return (null, validator);
        return (new EventPlan(Title!, Kind!.Value, sessions!, Place, OrganiserUnitId, CoOrganiserUnitIds ?? [],
            [.. speakers.Select(s => new Speaker(s.Name!.Trim(), s.PersonId, s.Title?.Trim(), s.Organisation?.Trim()))], audience,
            AudienceUnitIds ?? [], AudiencePersonKinds ?? [], Capacity, RegistrationOpensAt, RegistrationClosesAt,
            [.. materials.Select(m => new Material(m.Title!.Trim(), m.Url!.Trim()))], SharedWithOtherTenants ?? false), validator);
    }

    private List<SessionPlan>? SessionPlans(Validator validator)
    {
        if (Sessions is null)
        {
            // One sitting: startsAt, then endsAt or hours.
            validator.Check(StartsAt is not null, "startsAt", "必填 (required), 或列出场次 sessions (or give sessions)");
            validator.Check(Hours is null or (> 0 and <= 24), "hours", "学时必须大于 0 且不超过 24 (0 < hours ≤ 24)");
            if (StartsAt is not { } start || Hours is not (null or (> 0 and <= 24))) return null;
            var end = EndsAt ?? start.AddHours((double)(Hours ?? DefaultHours));
            return CheckSession(validator, "endsAt", new SessionRequest(null, start, end, Hours ?? SittingHours(start, end))) is { } one ? [one] : null;
        }
        validator.Check(StartsAt is null && EndsAt is null && Hours is null, "sessions", "给出场次时不要再给 startsAt/endsAt/hours (give either sessions or startsAt)");
        validator.Check(Sessions.Count is > 0 and <= MaxSessions, "sessions", $"1 到 {MaxSessions} 个场次 (1..{MaxSessions} sessions)");
        var plans = Sessions.Select((s, i) => CheckSession(validator, $"sessions[{i}]", s)).ToList();
        return plans.All(p => p is not null) ? [.. plans!] : null;
    }

    private static decimal SittingHours(DateTimeOffset start, DateTimeOffset end) =>
        Math.Clamp(Math.Round((decimal)(end - start).TotalHours, 2), 0.25m, 24m);

    private static SessionPlan? CheckSession(Validator validator, string field, SessionRequest? s)
    {
        if (s?.StartsAt is not { } start || s.EndsAt is not { } end)
        {
            validator.Add(field, "场次必须有开始和结束时间 (startsAt and endsAt are required)");
            return null;
        }
        var hours = s.Hours ?? SittingHours(start, end);
        var ok = true;
        if (end <= start || end - start > TimeSpan.FromHours(24)) { validator.Add(field, "结束必须晚于开始，且一个场次不超过 24 小时 (ends after it starts, at most 24 hours)"); ok = false; }
        if (hours is <= 0 or > 24) { validator.Add(field, "学时必须在 0 到 24 之间 (0 < hours ≤ 24)"); ok = false; }
        if (s.Title is { Length: > TrainingSession.TitleMaxLength }) { validator.Add(field, $"标题不能超过 {TrainingSession.TitleMaxLength} 个字符"); ok = false; }
        return ok ? new SessionPlan(s.Title, start, end, hours) : null;
    }

    private static void CheckUnits(Validator validator, string field, IReadOnlyList<Guid>? ids, int max) =>
        validator.Check(ids is null || (ids.Count <= max && ids.All(id => id != Guid.Empty)), field, $"最多 {max} 个有效单位 (at most {max} unit ids)");
}
