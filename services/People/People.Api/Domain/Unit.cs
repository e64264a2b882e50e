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
    /// <summary>Why the unit was closed (撤销原因), as the office wrote it.</summary>
    public string? CloseReason { get; private set; }
    public const int CloseReasonMaxLength = 200;
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

    /// <summary>A new unit below <paramref name="parent"/> (null: at the top); a closed parent takes no new units.</summary>
    public static Outcome<Unit> CreateUnder(Guid id, string tenantId, string name, string category, Unit? parent)
    {
        if (parent is { IsClosed: true })
            return new DomainError("parent-closed", "上级单位已撤销", $"Unit '{parent.Id}' was closed at {parent.ClosedAt:O}.");
        return Create(id, tenantId, name, category, parent?.Id);
    }

    /// <summary>Renames the unit (UnitChanged); a closed unit keeps the name it closed with.</summary>
    public Outcome Rename(string name, DateTimeOffset now)
    {
        if (IsClosed) return ClosedError();
        if (name.Trim() == Name) return Outcome.Done; // nothing changes, nothing is announced
        Changed(name, ParentId, ClosedAt, now);
        return Outcome.Done;
    }

    /// <summary>
    /// Moves the unit under <paramref name="parent"/> (null: to the top). <paramref name="parentLineage"/> is the
    /// parent and every unit above it: the unit must not be among them (a cycle), and the parent must be open.
    /// </summary>
    public Outcome MoveTo(Unit? parent, IReadOnlyCollection<Guid> parentLineage, DateTimeOffset now)
    {
        if (IsClosed) return ClosedError();
        if (parent is not null)
        {
            if (parent.Id == Id || parentLineage.Contains(Id))
                return new DomainError("unit-cycle", "不能移到自身或其下级单位之下", $"Unit '{parent.Id}' is '{Id}' or below it.");
            if (parent.IsClosed)
                return new DomainError("parent-closed", "上级单位已撤销", $"Unit '{parent.Id}' was closed at {parent.ClosedAt:O}.");
        }
        if (parent?.Id == ParentId) return Outcome.Done;
        Changed(Name, parent?.Id, ClosedAt, now);
        return Outcome.Done;
    }

    /// <summary>
    /// Closes the unit (撤销): refused while open units sit below it or if it is already closed. The caller ends the
    /// unit's open memberships on the same day (<see cref="Membership.EndOnLeaving"/>); history stays.
    /// </summary>
    public Outcome Close(string reason, int openChildren, DateTimeOffset now)
    {
        if (IsClosed) return ClosedError();
        if (openChildren > 0)
            return new DomainError("unit-has-open-children", "单位下仍有未撤销的下级单位", $"Unit '{Id}' has {openChildren} open child unit(s); close or move them first.");
        CloseReason = reason.Trim();
        Changed(Name, ParentId, now, now);
        return Outcome.Done;
    }

    /// <summary>Refused for a closed unit: it takes no new members.</summary>
    public Outcome CanTakeMembers() => IsClosed ? ClosedError() : Outcome.Done;

    private DomainError ClosedError() => new("unit-closed", "单位已撤销", $"Unit '{Id}' was closed at {ClosedAt:O}.");

    /// <summary>Records a rename, move or close and announces it as UnitChanged.</summary>
    private void Changed(string name, Guid? parentId, DateTimeOffset? closedAt, DateTimeOffset now)
    {
        Name = name.Trim();
        ParentId = parentId;
        ClosedAt = closedAt;
        Version++;
        Raise(new UnitChanged(Id, Name, Category, ParentId, ClosedAt, now, Version));
    }
}
