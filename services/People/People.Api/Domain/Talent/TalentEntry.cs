using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.People.Domain.Talent;

/// <summary>
/// 人才库条目: someone found on a visit (or added by the office), either a registered person of the tenant or an
/// external one known only by name, organisation and title until they are registered and linked.
/// </summary>
public sealed class TalentEntry : AggregateRoot
{
    public const int NameMaxLength = 50, OrganisationMaxLength = 100, TitleMaxLength = 100, TagMaxLength = 20, MaxTags = 20;

    public Guid Id { get; private set; }
    /// <summary>The registered person, once known (set at discovery or by a later link).</summary>
    public Guid? PersonId { get; private set; }
    /// <summary>The name as shown in the pool: the person's name, or the external name as recorded.</summary>
    public string Name { get; private set; } = "";
    public string? Organisation { get; private set; }
    public string? Title { get; private set; }
    /// <summary>专长.</summary>
    public List<string> ExpertiseTags { get; private set; } = [];
    /// <summary>信息骨干: a backbone writer the office counts on.</summary>
    public bool IsBackbone { get; private set; }
    /// <summary>The visit that found them (null when the entry predates visits).</summary>
    public Guid? SourceVisitId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    public bool IsExternal => PersonId is null;

    private TalentEntry() { }

    public static TalentEntry OfPerson(string tenantId, Guid personId, string name, IEnumerable<string> tags, Guid? visitId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), TenantId = tenantId, PersonId = personId, Name = name, ExpertiseTags = Clean(tags),
        SourceVisitId = visitId, CreatedAt = now, UpdatedAt = now,
    };

    public static TalentEntry External(string tenantId, string name, string? organisation, string? title, IEnumerable<string> tags,
        Guid? visitId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), TenantId = tenantId, Name = name.Trim(), Organisation = Blank(organisation), Title = Blank(title),
        ExpertiseTags = Clean(tags), SourceVisitId = visitId, CreatedAt = now, UpdatedAt = now,
    };

    /// <summary>Found again (on another visit): the new tags join the old; the first source visit stays.</summary>
    public void FoundAgain(IEnumerable<string> tags, DateTimeOffset now)
    {
        ExpertiseTags = Clean(ExpertiseTags.Concat(tags));
        UpdatedAt = now;
    }

    /// <summary>The office flags (or unflags) a backbone writer and sets the expertise.</summary>
    public void Edit(bool backbone, IEnumerable<string> tags, DateTimeOffset now)
    {
        IsBackbone = backbone;
        ExpertiseTags = Clean(tags);
        UpdatedAt = now;
    }

    /// <summary>An external entry becomes the registered person; an entry already linked is refused (409).</summary>
    public Outcome LinkTo(Guid personId, string personName, DateTimeOffset now)
    {
        if (PersonId is { } linked)
            return new DomainError("talent-already-linked", "该人才已关联人员", $"Talent entry '{Id}' is already linked to person '{linked}'.");
        PersonId = personId;
        Name = personName;
        UpdatedAt = now;
        return Outcome.Done;
    }

    public static List<string> Clean(IEnumerable<string> tags) =>
        [.. tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct()];

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
