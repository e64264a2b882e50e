using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Review.Domain.Feedback;

/// <summary>
/// 约稿 as review knows it from intake's SolicitationIssued (the highest Version kept, so any order of its versions ends
/// the same): whom it targets and until when, so a person the people service announces while it is open still gets the
/// invitation the persons known at its issue got.
/// </summary>
public sealed class SolicitationAudience
{
    public const int TitleMaxLength = 200;

    public string TenantId { get; init; } = "";
    public Guid SolicitationId { get; init; }
    public string Title { get; private set; } = "";
    public DateOnly Deadline { get; private set; }
    public decimal Bonus { get; private set; }
    public List<Guid> TargetUnitIds { get; private set; } = [];
    public List<Guid> TargetPersonIds { get; private set; } = [];
    public DateTimeOffset IssuedAt { get; private set; }
    public int Version { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Takes the event's state if it is newer than the one held; true when it did.</summary>
    public bool Apply(SolicitationIssued e)
    {
        if (e.Version <= Version) return false; // an older version arrived late
        Title = e.Title.Length <= TitleMaxLength ? e.Title : e.Title[..TitleMaxLength];
        Deadline = e.Deadline;
        Bonus = e.Bonus;
        TargetUnitIds = [.. (e.TargetUnitIds ?? []).Distinct()];
        TargetPersonIds = [.. (e.TargetPersonIds ?? []).Distinct()];
        IssuedAt = e.IssuedAt.ToUniversalTime();
        Version = e.Version;
        ClosedAt = e.ClosedAt?.ToUniversalTime();
        return true;
    }

    /// <summary>Still to be answered on the body's day <paramref name="today"/>: not closed, the deadline not passed.</summary>
    public bool IsOpenOn(DateOnly today) => ClosedAt is null && today <= Deadline;

    /// <summary>Names the person, or the unit the person belongs to.</summary>
    public bool Targets(Guid personId, Guid? unitId) =>
        TargetPersonIds.Contains(personId) || unitId is { } unit && TargetUnitIds.Contains(unit);
}

/// <summary>That a person was invited to a solicitation: one row per person and solicitation (the key), so however the
/// issue and the person's announcement arrive, and however often, the person's inbox gets one invitation.</summary>
public sealed class SolicitationInvitation
{
    public string TenantId { get; init; } = "";
    public Guid SolicitationId { get; init; }
    public Guid PersonId { get; init; }
    /// <summary>The event (or, for a person announced later, the invitation's own id) the inbox row names as its source.</summary>
    public Guid SourceEventId { get; init; }
    public DateTimeOffset InvitedAt { get; init; }
}
