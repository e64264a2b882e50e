using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Domain;

/// <summary>Active while the term runs; expired at its end (by the expiry job); revoked by the appointing tenant.</summary>
public enum AppointmentStatus { Active, Expired, Revoked }

/// <summary>One term of an appointment (both dates inclusive): the first, then one per renewal.</summary>
public sealed record AppointmentTerm(DateOnly StartsOn, DateOnly EndsOn, DateTimeOffset RecordedAt);

/// <summary>
/// 聘任: the appointing tenant's (<see cref="AggregateRoot.TenantId"/>) record that a person serves as its 特邀信息员
/// for a term. The person may belong to this tenant or to another body that shared them (<see cref="PersonTenantId"/>);
/// <see cref="PersonName"/> is what the appointing tenant holds about them (its own roster's name, or the shared name).
/// An appointment starts on its first day at the latest (no scheduled state: it is entered when it begins), so
/// "active" always means "serving today" and the officer role is granted from AppointmentStarted at once.
/// </summary>
public sealed class Appointment : AggregateRoot
{
    public const int MaxTermYears = 5, ReasonMaxLength = 200;
    public const string EndedByExpiry = "expired", EndedByRevocation = "revoked";

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public string PersonTenantId { get; private set; } = "";
    public string PersonName { get; private set; } = "";
    public DateOnly StartsOn { get; private set; }
    public DateOnly EndsOn { get; private set; }
    public AppointmentStatus Status { get; private set; }
    /// <summary>The day it ended early (revoked) or the last day of its term (expired).</summary>
    public DateOnly? EndedOn { get; private set; }
    public string? RevokeReason { get; private set; }
    public List<AppointmentTerm> Terms { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>1 when appointed, +1 per renewal or end; carried by every appointment event.</summary>
    public int Version { get; private set; }

    public bool IsCrossTenant => PersonTenantId != TenantId;

    private Appointment() { }

    /// <summary>Appoints for the term [startsOn, endsOn], checked against <paramref name="today"/> (Beijing date).</summary>
    public static Outcome<Appointment> Start(Guid id, string tenantId, Guid personId, string personTenantId, string personName,
        DateOnly startsOn, DateOnly endsOn, DateOnly today, DateTimeOffset now)
    {
        if (startsOn > today)
            return new DomainError("appointment-starts-later", "聘任开始日期不能晚于今天", $"Enter the appointment on its first day ({startsOn:O}), not before.");
        if (CheckTerm(startsOn, endsOn, today) is { } refused) return refused;
        var appointment = new Appointment
        {
            Id = id, TenantId = tenantId, PersonId = personId, PersonTenantId = personTenantId, PersonName = personName.Trim(),
            StartsOn = startsOn, EndsOn = endsOn, Status = AppointmentStatus.Active, Terms = [new AppointmentTerm(startsOn, endsOn, now)],
            CreatedAt = now, Version = 1,
        };
        appointment.Raise(new AppointmentStarted(id, personId, personTenantId, startsOn, endsOn, appointment.Version));
        return appointment;
    }

    /// <summary>Extends an active appointment by a new term from the day after the current end; announced as AppointmentStarted.</summary>
    public Outcome Renew(DateOnly endsOn, DateOnly today, DateTimeOffset now)
    {
        if (Status != AppointmentStatus.Active) return NotActive();
        if (endsOn <= EndsOn)
            return new DomainError("renewal-not-later", "续聘结束日期须晚于当前聘期结束日期", $"The term ends on {EndsOn:O}; a renewal must end later.");
        var from = EndsOn.AddDays(1);
        if (CheckTerm(from, endsOn, today) is { } refused) return refused;
        Terms = [.. Terms, new AppointmentTerm(from, endsOn, now)];
        EndsOn = endsOn;
        Version++;
        Raise(new AppointmentStarted(Id, PersonId, PersonTenantId, StartsOn, EndsOn, Version));
        return Outcome.Done;
    }

    /// <summary>Ends an active appointment today, early; announced as AppointmentEnded with reason "revoked".</summary>
    public Outcome Revoke(string reason, DateOnly today)
    {
        if (Status != AppointmentStatus.Active) return NotActive();
        Status = AppointmentStatus.Revoked;
        RevokeReason = reason.Trim();
        EndedOn = today < EndsOn ? today : EndsOn;
        return Ended(EndedByRevocation);
    }

    /// <summary>Ends an active appointment whose last day is before <paramref name="today"/>; refused otherwise.</summary>
    public Outcome Expire(DateOnly today)
    {
        if (Status != AppointmentStatus.Active) return NotActive();
        if (EndsOn >= today)
            return new DomainError("term-running", "聘期尚未结束", $"The term runs until {EndsOn:O}.");
        Status = AppointmentStatus.Expired;
        EndedOn = EndsOn;
        return Ended(EndedByExpiry);
    }

    private Outcome Ended(string reason)
    {
        Version++;
        Raise(new AppointmentEnded(Id, PersonId, PersonTenantId, EndedOn!.Value, reason, Version));
        return Outcome.Done;
    }

    /// <summary>A term ends after it starts, lasts at most <see cref="MaxTermYears"/> years and is not over already.</summary>
    private static DomainError? CheckTerm(DateOnly startsOn, DateOnly endsOn, DateOnly today)
    {
        if (endsOn <= startsOn)
            return new DomainError("term-ends-before-start", "聘期结束日期须晚于开始日期", $"The term {startsOn:O}–{endsOn:O} ends before it starts.");
        if (endsOn >= startsOn.AddYears(MaxTermYears))
            return new DomainError("term-too-long", $"聘期不能超过 {MaxTermYears} 年", $"The term {startsOn:O}–{endsOn:O} is longer than {MaxTermYears} years.");
        if (endsOn < today)
            return new DomainError("term-over", "聘期已结束", $"The term ended on {endsOn:O}.");
        return null;
    }

    private DomainError NotActive() =>
        new("appointment-not-active", "聘任已结束", $"Appointment '{Id}' is {Status.ToString().ToLowerInvariant()} since {EndedOn:O}.");
}
