using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Domain;

/// <summary>A unit of a tenant: 专委会, 委员组, 界别, 报送点, 区委会, 市直基层组织 …</summary>
public sealed class Unit : AggregateRoot
{
    public const int NameMaxLength = 100;
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>e.g. special-committee, member-group, sector, reporting-point, district-committee, grassroots-organisation.</summary>
    public string Category { get; private set; } = "";

    private Unit() { }

    /// <summary>A new unit, announced as UnitCreated so other services know its name.</summary>
    public static Unit Create(Guid id, string tenantId, string name, string category)
    {
        var unit = new Unit { Id = id, TenantId = tenantId, Name = name.Trim(), Category = category.Trim() };
        unit.Raise(new UnitCreated(unit.Id, unit.Name, unit.Category));
        return unit;
    }
}

/// <summary>A person who writes or reviews: 委员, 会员/盟员, 特邀信息员, 机关干部 …</summary>
public sealed class Person : AggregateRoot
{
    public const int NameMaxLength = 50;
    public static readonly string[] KnownRoles =
        ["member", "officer", "staff-editor", "director", "leader", "chair", "tenant-admin", "platform-operator", "partner"];

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public Guid? UnitId { get; private set; }
    public List<string> Roles { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }

    private Person() { }

    /// <summary>A new person, announced as PersonRegistered so other services can name and credit them.</summary>
    public static Person Register(Guid id, string tenantId, string name, Guid? unitId, IEnumerable<string> roles, DateTimeOffset now)
    {
        var person = new Person { Id = id, TenantId = tenantId, Name = name.Trim(), UnitId = unitId, Roles = [.. roles.Distinct()], CreatedAt = now };
        person.Raise(new PersonRegistered(person.Id, person.Name, person.UnitId, person.Roles));
        return person;
    }
}
