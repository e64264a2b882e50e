namespace SheqingMinyi.BuildingBlocks.PeopleDirectory;

/// <summary>
/// A person as the people service announced them, copied into a consuming service's database so it can name and
/// check authors without calling the people service.
/// </summary>
public sealed class DirectoryPerson
{
    public string TenantId { get; set; } = "";
    public Guid PersonId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The person's main unit (the default submitting unit).</summary>
    public Guid? UnitId { get; set; }
    /// <summary>The Version of the PersonRegistered/PersonUpdated applied last; 0 while only a deactivation is known.</summary>
    public int Version { get; set; }
    /// <summary>Deactivation is final, so it applies whatever the order of arrival.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }

    public bool IsKnown => Version > 0;
    public bool IsActive => IsKnown && DeactivatedAt is null;
}

/// <summary>A unit as the people service announced it (UnitCreated/UnitChanged carry its whole state).</summary>
public sealed class DirectoryUnit
{
    public string TenantId { get; set; } = "";
    public Guid UnitId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The unit type's id (special-committee, sector, member-group, district-committee …).</summary>
    public string Category { get; set; } = "";
    public Guid? ParentId { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public int Version { get; set; }

    public bool IsOpen => ClosedAt is null;
}

/// <summary>
/// A membership (任职) of a person in a unit as the people service announced it (MembershipChanged carries its whole
/// state), so a service can tell who belongs to a unit — e.g. a professional group — on a day.
/// </summary>
public sealed class DirectoryMembership
{
    public string TenantId { get; set; } = "";
    public Guid MembershipId { get; set; }
    public Guid PersonId { get; set; }
    public Guid UnitId { get; set; }
    public string Role { get; set; } = "";
    public DateOnly StartsOn { get; set; }
    /// <summary>Inclusive; null while open.</summary>
    public DateOnly? EndsOn { get; set; }
    /// <summary>The Version of the MembershipChanged applied last.</summary>
    public int Version { get; set; }
}
