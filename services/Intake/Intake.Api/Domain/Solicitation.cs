using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Domain;

public enum SolicitationStatus
{
    Open,
    Closed,
}

/// <summary>What an office issues: the brief and to whom.</summary>
public sealed record SolicitationBrief(string Title, string Brief, IReadOnlyList<Guid> TargetUnitIds, IReadOnlyList<Guid> TargetPersonIds,
    DateOnly Deadline, decimal Bonus);

/// <summary>
/// 约稿: a brief the office or a leader issues to target units (incl. professional groups) and persons, with a
/// deadline and bonus points for an adopted answer. Targeted persons claim it; drafts link to it by SolicitationId.
/// </summary>
public sealed class Solicitation : AggregateRoot
{
    public const int TitleMaxLength = 200;
    public const int BriefMaxLength = 5_000;
    public const int MaxTargets = 100;
    public const decimal MaxBonus = 50m;
    public const decimal DefaultBonus = 5m;

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Brief { get; private set; } = "";
    public List<Guid> TargetUnitIds { get; private set; } = [];
    public List<Guid> TargetPersonIds { get; private set; } = [];
    /// <summary>The last day (body calendar, inclusive) to claim and answer.</summary>
    public DateOnly Deadline { get; private set; }
    public decimal Bonus { get; private set; }
    public Guid? IssuedBy { get; private set; }
    /// <summary>The topic (选题) it came from, if any.</summary>
    public Guid? TopicId { get; private set; }
    public SolicitationStatus Status { get; private set; }
    public DateTimeOffset IssuedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    /// <summary>The Version its events carry: 1 when issued, +1 per change.</summary>
    public int EventVersion { get; private set; }
    /// <summary>False for solicitations issued before review kept their audiences (migration SolicitationReannouncement):
    /// <see cref="Jobs.SolicitationReannouncement"/> announces each once more, so late joiners are invited.</summary>
    public bool AudienceAnnounced { get; private set; } = true;
    public uint Version { get; private set; }

    private Solicitation() { }

    public static Solicitation Issue(string tenantId, SolicitationBrief brief, Guid? issuedBy, Guid? topicId, DateTimeOffset now)
    {
        var solicitation = new Solicitation
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Title = brief.Title.Trim(),
            Brief = brief.Brief.Trim(),
            TargetUnitIds = brief.TargetUnitIds.Distinct().ToList(),
            TargetPersonIds = brief.TargetPersonIds.Distinct().ToList(),
            Deadline = brief.Deadline,
            Bonus = brief.Bonus,
            IssuedBy = issuedBy,
            TopicId = topicId,
            Status = SolicitationStatus.Open,
            IssuedAt = now,
        };
        solicitation.Announce();
        return solicitation;
    }

    /// <summary>Targets the person directly, or one of the units they belong to today.</summary>
    public bool Targets(Guid personId, IReadOnlyCollection<Guid> unitsOfPerson) =>
        TargetPersonIds.Contains(personId) || TargetUnitIds.Any(unitsOfPerson.Contains);

    /// <summary>Whether a targeted person may claim it today: open and the deadline not passed.</summary>
    public DomainError? CannotBeClaimed(DateOnly today)
    {
        if (Status == SolicitationStatus.Closed)
            return new DomainError("solicitation-closed", "约稿已关闭", $"Solicitation '{Id}' was closed at {ClosedAt:O}.");
        if (today > Deadline)
            return new DomainError("solicitation-expired", "约稿已过截止日期", $"Solicitation '{Id}' closed for claims after {Deadline:O}.");
        return null;
    }

    /// <summary>A claim by a targeted person (the caller checked the targeting); the same person again gets the claim they hold.</summary>
    public Outcome<SolicitationClaim> Claim(Guid personId, SolicitationClaim? held, DateOnly today, DateTimeOffset now)
    {
        if (held is not null) return held;
        if (CannotBeClaimed(today) is { } refused) return refused;
        var claim = new SolicitationClaim(TenantId, Id, personId, now);
        Raise(new SolicitationClaimed(Id, personId, now));
        return claim;
    }

    public Outcome Close(DateTimeOffset now)
    {
        if (Status == SolicitationStatus.Closed)
            return new DomainError("solicitation-closed", "约稿已关闭", $"Solicitation '{Id}' was closed at {ClosedAt:O}.");
        Status = SolicitationStatus.Closed;
        ClosedAt = now;
        Announce();
        return Outcome.Done;
    }

    /// <summary>Announces the solicitation as it is now once more (the next Version), for consumers that started keeping it late.</summary>
    public void AnnounceAgain()
    {
        AudienceAnnounced = true;
        Announce();
    }

    private void Announce()
    {
        EventVersion++;
        Raise(new SolicitationIssued(Id, Title, Deadline, Bonus, TargetUnitIds.ToList(), TargetPersonIds.ToList(), IssuedAt, EventVersion, ClosedAt));
    }
}

/// <summary>认领: a person took a solicitation on (one per person and solicitation).</summary>
public sealed class SolicitationClaim
{
    public string TenantId { get; private set; } = "";
    public Guid SolicitationId { get; private set; }
    public Guid PersonId { get; private set; }
    public DateTimeOffset ClaimedAt { get; private set; }

    private SolicitationClaim() { }

    /// <summary>The time is kept to the microsecond, as stored, so the first answer and a later read agree.</summary>
    public SolicitationClaim(string tenantId, Guid solicitationId, Guid personId, DateTimeOffset claimedAt) =>
        (TenantId, SolicitationId, PersonId, ClaimedAt) = (tenantId, solicitationId, personId, claimedAt.AddTicks(-(claimedAt.Ticks % 10)));
}
