using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Domain;

/// <summary>
/// 任职: a person's place in one unit, with a role and inclusive dates. A person holds several at once (经济委员会, the
/// 教育界 sector, the 沙坪坝 member group); ended memberships stay, so "who was in which unit on a date" is answerable.
/// </summary>
public sealed class Membership : AggregateRoot
{
    public const int RoleMaxLength = 50;
    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid UnitId { get; private set; }
    /// <summary>The role in the unit as the office writes it: 主任, 副主任, 委员, 组长, 成员 …</summary>
    public string Role { get; private set; } = "";
    public DateOnly StartsOn { get; private set; }
    public DateOnly? EndsOn { get; private set; }
    public int Version { get; private set; }

    private Membership() { }

    public static Membership Start(Guid id, string tenantId, Guid personId, Guid unitId, string role, DateOnly startsOn, DateOnly? endsOn = null)
    {
        var membership = new Membership
        {
            Id = id, TenantId = tenantId, PersonId = personId, UnitId = unitId, Role = role.Trim(), StartsOn = startsOn, EndsOn = endsOn,
        };
        membership.Announce();
        return membership;
    }

    /// <summary>
    /// A new membership of an active person in an open unit, refused when the dates are reversed or when it would
    /// overlap one of <paramref name="samePersonAndUnit"/> (the person's other memberships in that unit).
    /// </summary>
    public static Outcome<Membership> Begin(Guid id, Person person, Unit unit, string role, DateOnly startsOn, DateOnly? endsOn,
        IEnumerable<Membership> samePersonAndUnit)
    {
        if (endsOn < startsOn) return EndsBeforeStart(id, startsOn);
        if (person.CanJoin() is { Error: { } inactive }) return inactive;
        if (unit.CanTakeMembers() is { Error: { } closed }) return closed;
        if (samePersonAndUnit.FirstOrDefault(m => m.PersonId == person.Id && m.UnitId == unit.Id && m.Overlaps(startsOn, endsOn)) is { } other)
            return new DomainError("membership-overlap", "该人员在此单位的任职时间重叠",
                $"Membership '{other.Id}' ({other.StartsOn:O}–{other.EndsOn?.ToString("O") ?? "open"}) overlaps.");
        return Start(id, person.TenantId, person.Id, unit.Id, role, startsOn, endsOn);
    }

    /// <summary>True when the membership shares at least one day with [start, end] (end null: open).</summary>
    public bool Overlaps(DateOnly start, DateOnly? end) =>
        StartsOn <= (end ?? DateOnly.MaxValue) && start <= (EndsOn ?? DateOnly.MaxValue);

    /// <summary>
    /// Ends the membership because its person left or its unit closed on <paramref name="day"/>: open (or later-ending)
    /// ones end that day; one that had not started yet ends the day before its start, so it never took effect. The
    /// row stays, so history answers as before.
    /// </summary>
    public void EndOnLeaving(DateOnly day)
    {
        if (EndsOn is { } ends && ends <= day) return;
        EndsOn = StartsOn > day ? StartsOn.AddDays(-1) : day;
        Announce();
    }

    /// <summary>True when the membership covers the day (both ends inclusive).</summary>
    public bool IsOn(DateOnly day) => StartsOn <= day && (EndsOn is null || day <= EndsOn);

    /// <summary>Ends the membership on a day (inclusive); refused before it started or if it already ended earlier.</summary>
    public Outcome End(DateOnly endsOn)
    {
        if (endsOn < StartsOn) return EndsBeforeStart(Id, StartsOn);
        if (EndsOn is { } ended && ended <= endsOn)
            return new DomainError("membership-ended", "任职已结束", $"Membership '{Id}' ended on {ended:O}.");
        EndsOn = endsOn;
        Announce();
        return Outcome.Done;
    }

    /// <summary>Changes the role (an appointment within the same unit, e.g. 委员 → 副主任); an ended membership is history
    /// and keeps its role.</summary>
    public Outcome ChangeRole(string role, DateOnly today)
    {
        if (EndsOn is { } ended && ended < today)
            return new DomainError("membership-ended", "任职已结束", $"Membership '{Id}' ended on {ended:O}.");
        if (role.Trim() == Role) return Outcome.Done;
        Role = role.Trim();
        Announce();
        return Outcome.Done;
    }

    private static DomainError EndsBeforeStart(Guid id, DateOnly startsOn) =>
        new("membership-ends-before-start", "结束日期早于开始日期", $"Membership '{id}' starts on {startsOn:O}.");

    private void Announce()
    {
        Version++;
        Raise(new MembershipChanged(Id, PersonId, UnitId, Role, StartsOn, EndsOn, Version));
    }
}
