using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Domain;

/// <summary>A unit of a tenant (专委会, 界别, 委员组, 报送点 …), in a hierarchy inside the tenant.</summary>
public sealed class Unit : AggregateRoot
{
    public const int NameMaxLength = 100;
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The unit's type id, one of <see cref="UnitTypes"/>.</summary>
    public string Category { get; private set; } = "";
    public Guid? ParentId { get; private set; }
    /// <summary>Closed units keep their memberships and history but take no new members or items.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }
    /// <summary>1 at creation, +1 per change; carried by every unit event so consumers can ignore older ones.</summary>
    public int Version { get; private set; }

    public bool IsClosed => ClosedAt is not null;

    private Unit() { }

    /// <summary>A new unit, announced as UnitCreated so other services know its name and type.</summary>
    public static Unit Create(Guid id, string tenantId, string name, string category, Guid? parentId = null)
    {
        var unit = new Unit { Id = id, TenantId = tenantId, Name = name.Trim(), Category = category.Trim(), ParentId = parentId, Version = 1 };
        unit.Raise(new UnitCreated(unit.Id, unit.Name, unit.Category, unit.ParentId, unit.Version));
        return unit;
    }

    /// <summary>Records a rename, move or close and announces it as UnitChanged.</summary>
    internal void Changed(string name, Guid? parentId, DateTimeOffset? closedAt, DateTimeOffset now)
    {
        Name = name.Trim();
        ParentId = parentId;
        ClosedAt = closedAt;
        Version++;
        Raise(new UnitChanged(Id, Name, Category, ParentId, ClosedAt, now, Version));
    }
}
