namespace SheqingMinyi.Identity.Domain;

/// <summary>
/// 已同步承办单位: a government department of a tenant as review's DepartmentChanged said (name, active, version).
/// A department's client or account may name only an active department recorded here for its tenant.
/// </summary>
public sealed class KnownDepartment
{
    public const int NameMaxLength = 50;

    public string TenantId { get; init; } = "";
    public Guid DepartmentId { get; init; }
    public string Name { get; set; } = "";
    public bool Active { get; set; }
    /// <summary>The department's version in review: an older event arriving later changes nothing.</summary>
    public int Version { get; set; }
}
