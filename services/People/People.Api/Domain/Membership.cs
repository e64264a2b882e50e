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

    /// <summary>True when the membership covers the day (both ends inclusive).</summary>
    public bool IsOn(DateOnly day) => StartsOn <= day && (EndsOn is null || day <= EndsOn);

    /// <summary>Ends the membership on a day (inclusive); refused before it started or if it already ended earlier.</summary>
    public Outcome End(DateOnly endsOn)
    {
        if (endsOn < StartsOn)
            return new DomainError("membership-ends-before-start", "结束日期早于开始日期", $"Membership '{Id}' starts on {StartsOn:O}.");
        if (EndsOn is { } ended && ended <= endsOn)
            return new DomainError("membership-ended", "任职已结束", $"Membership '{Id}' ended on {ended:O}.");
        EndsOn = endsOn;
        Announce();
        return Outcome.Done;
    }

    /// <summary>Changes the role (an appointment within the same unit, e.g. 委员 → 副主任).</summary>
    public void ChangeRole(string role)
    {
        Role = role.Trim();
        Announce();
    }

    private void Announce()
    {
        Version++;
        Raise(new MembershipChanged(Id, PersonId, UnitId, Role, StartsOn, EndsOn, Version));
    }
}
