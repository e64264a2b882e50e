using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Review.Domain;

/// <summary>
/// One rung of an item's adoption ladder (采用阶梯): the item adopted at one level, recorded once per tenant, item and
/// level (a unique index holds it), with how it was recorded and the shares it credits, copied from the case then.
/// </summary>
public sealed class Adoption
{
    public const int PublicationNameMaxLength = 100;
    public const int IssueMaxLength = 50;

    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public Guid SubmissionId { get; init; }
    public Guid CaseId { get; init; }
    public AdoptionLevel Level { get; init; }
    /// <summary>The day it was adopted, China Standard Time (an outside adoption: the day its publication names).</summary>
    public DateOnly AdoptedOn { get; init; }
    public AdoptionSource Source { get; init; }
    /// <summary>刊物名称 and 期号 of an outside adoption (e.g. 全国政协《社情民意信息》, 第12期).</summary>
    public string? PublicationName { get; init; }
    public string? Issue { get; init; }
    /// <summary>A scanned proof in the tenant's file store.</summary>
    public Guid? EvidenceFileId { get; init; }
    /// <summary>The token subject who recorded it (the deciding reviewer for a decision).</summary>
    public string? RecordedBy { get; init; }
    public List<AuthorShare> Authors { get; init; } = [];
    public List<UnitShare> Units { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
}
