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
