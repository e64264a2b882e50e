using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Review.Domain;

/// <summary>
/// A government department (承办单位) of the tenant that items are assigned to, e.g. 区民政局. Staff keep the list; an
/// inactive department gets no new assignments but keeps those it has. Changes are announced (DepartmentChanged) so
/// identity can bind a department's client or account to it.
/// </summary>
public sealed class Department : AggregateRoot
{
    public const int NameMaxLength = 50;
    public const string UniqueNameIndex = "ix_departments_tenant_id_name";

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public bool Active { get; private set; }
    /// <summary>Counts changes (1 when created), carried by DepartmentChanged.</summary>
    public int Revision { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    public DepartmentRef Ref => new(Id, Name);

    public static Department Create(string tenantId, string name, DateTimeOffset now, Guid? id = null)
    {
        var department = new Department { Id = id ?? Guid.CreateVersion7(), TenantId = tenantId, Name = name, Active = true, CreatedAt = now };
        department.Changed(now);
        return department;
    }

    /// <summary>Renames and (de)activates; false when nothing changed (no event).</summary>
    public bool Update(string name, bool active, DateTimeOffset now)
    {
        if (name == Name && active == Active) return false;
        (Name, Active) = (name, active);
        Changed(now);
        return true;
    }

    private void Changed(DateTimeOffset now)
    {
        Revision++;
        UpdatedAt = now;
        Raise(new DepartmentChanged(Id, Name, Active, Revision, now));
    }
}
