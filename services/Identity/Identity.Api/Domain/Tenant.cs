namespace SheqingMinyi.Identity.Domain;

public enum TenantKind { Cppcc, DemocraticParty }

/// <summary>A body on the platform; its parent is the body it forwards information up to.</summary>
public sealed class Tenant
{
    public const int NameMaxLength = 100;
    public string Id { get; init; } = "";
    public string Name { get; set; } = "";
    public TenantKind Kind { get; set; }
    public string? ParentId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A person's sign-in: linked to a people-service person, with the roles they hold in their tenant.</summary>
public sealed class Account
{
    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public string UserName { get; init; } = "";
    public string PasswordHash { get; set; } = "";
    public Guid? PersonId { get; set; }
    public List<string> Roles { get; set; } = [];
    public bool Disabled { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
