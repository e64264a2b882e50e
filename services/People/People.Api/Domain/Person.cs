using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Domain;

/// <summary>A person who writes or reviews: 委员, 会员/盟员, 特邀信息员, 机关干部 …</summary>
public sealed class Person : AggregateRoot
{
    public const int NameMaxLength = 50;
    public static readonly string[] KnownRoles =
        ["member", "officer", "staff-editor", "director", "leader", "chair", "tenant-admin", "platform-operator", "partner"];

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The main unit: the default submitting unit. Every unit the person belongs to is a <see cref="Membership"/>.</summary>
    public Guid? UnitId { get; private set; }
    /// <summary>Platform roles (what the person may do).</summary>
    public List<string> Roles { get; private set; } = [];
    /// <summary>What the person is to the body (<see cref="PersonKinds"/>).</summary>
    public List<string> Kinds { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>Set when the person leaves the body: history stays, they can no longer write or be credited anew.</summary>
    public DateTimeOffset? DeactivatedAt { get; private set; }
    /// <summary>1 at registration, +1 per change; carried by every person event.</summary>
    public int Version { get; private set; }

    public bool IsActive => DeactivatedAt is null;

    private Person() { }

    /// <summary>A new person, announced as PersonRegistered so other services can name and credit them.</summary>
    public static Person Register(Guid id, string tenantId, string name, Guid? unitId, IEnumerable<string> roles, DateTimeOffset now,
        IEnumerable<string>? kinds = null)
    {
        var person = new Person
        {
            Id = id, TenantId = tenantId, Name = name.Trim(), UnitId = unitId, Roles = [.. roles.Distinct()],
            Kinds = [.. (kinds ?? KindsFromRoles(roles)).Distinct()], CreatedAt = now, Version = 1,
        };
        person.Raise(new PersonRegistered(person.Id, person.Name, person.UnitId, person.Roles, person.Kinds, person.Version));
        return person;
    }

    /// <summary>Records a change of name, main unit, roles or kinds and announces it as PersonUpdated.</summary>
    internal void Updated(string name, Guid? unitId, IEnumerable<string> roles, IEnumerable<string> kinds, DateTimeOffset now)
    {
        Name = name.Trim();
        UnitId = unitId;
        Roles = [.. roles.Distinct()];
        Kinds = [.. kinds.Distinct()];
        Version++;
        Raise(new PersonUpdated(Id, Name, UnitId, Roles, Kinds, now, Version));
    }

    /// <summary>The person leaves the body (announced as PersonDeactivated); refused if already inactive.</summary>
    public Outcome Deactivate(string reason, DateTimeOffset now)
    {
        if (!IsActive)
            return new DomainError("person-inactive", "人员已停用", $"Person '{Id}' was deactivated at {DeactivatedAt:O}.");
        DeactivatedAt = now;
        Version++;
        Raise(new PersonDeactivated(Id, now, reason, Version));
        return Outcome.Done;
    }

    /// <summary>The kinds implied by platform roles, for registrations that name none.</summary>
    public static IEnumerable<string> KindsFromRoles(IEnumerable<string> roles) => roles.Select(role => role switch
    {
        "member" => PersonKinds.Member,
        "officer" => PersonKinds.SpecialOfficer,
        "staff-editor" or "director" or "leader" or "chair" => PersonKinds.Staff,
        _ => null,
    }).OfType<string>().Distinct();
}
