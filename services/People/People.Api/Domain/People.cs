namespace SheqingMinyi.People.Domain;

/// <summary>A unit of a tenant: 专委会, 委员组, 界别, 报送点, 区委会, 市直基层组织 …</summary>
public sealed class Unit
{
    public const int NameMaxLength = 100;
    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public string Name { get; set; } = "";
    /// <summary>e.g. special-committee, member-group, sector, reporting-point, district-committee, grassroots-organisation.</summary>
    public string Category { get; set; } = "";
}

/// <summary>A person who writes or reviews: 委员, 会员/盟员, 特邀信息员, 机关干部 …</summary>
public sealed class Person
{
    public const int NameMaxLength = 50;
    public static readonly string[] KnownRoles =
        ["member", "officer", "staff-editor", "director", "leader", "chair", "tenant-admin", "platform-operator", "partner"];

    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public string Name { get; set; } = "";
    public Guid? UnitId { get; set; }
    public List<string> Roles { get; set; } = [];
    public DateTimeOffset CreatedAt { get; init; }
}
