namespace SheqingMinyi.Identity.Domain;

/// <summary>
/// 已同步人员: a person the people service registered in a tenant, as its PersonRegistered said. Identity does not
/// call the people service; an invitation may name only a person recorded here for the inviting tenant.
/// </summary>
public sealed class KnownPerson
{
    public const int NameMaxLength = 100;

    public string TenantId { get; init; } = "";
    public Guid PersonId { get; init; }
    public string Name { get; set; } = "";
    /// <summary>When the event recorded here occurred: an older event arriving later changes nothing.</summary>
    public DateTimeOffset RegisteredAt { get; set; }
}
