using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Apis;

/// <summary>GET /persons' filters (query string); each one narrows the list, all of them together are an AND.</summary>
public sealed record PersonSearch(string? Q, string? Kind, Guid? UnitId, Guid? SectorId, string? Tag, string? Active, string? Sort)
{
    public const int MaxQueryLength = Person.NameMaxLength;
    public static readonly IReadOnlyList<string> Sorts = ["name", "-name", "pinyin", "-pinyin", "createdAt", "-createdAt"];
    public static readonly IReadOnlyList<string> ActiveValues = ["true", "false", "all"];

    public async Task<Validator> ValidateAsync(PeopleDbContext db, CancellationToken ct)
    {
        var validator = new Validator()
            .Optional("q", Q, MaxQueryLength)
            .Optional("tag", Tag, Person.TagMaxLength)
            .Check(Kind is null || PersonKinds.IsKnown(Kind), "kind", $"人员类别须为: {string.Join(", ", PersonKinds.Names.Keys)}")
            .Check(Active is null || ActiveValues.Contains(Active), "active", "active 须为 true、false 或 all")
            .Check(Sort is null || Sorts.Contains(Sort), "sort", $"排序须为: {string.Join(", ", Sorts)}");
        // Another tenant's sector is not found, exactly like one that does not exist (the query filter).
        if (SectorId is { } sector && !await db.Units.AnyAsync(u => u.Id == sector && u.Category == UnitTypes.Sector, ct))
            validator.Add("sectorId", "界别不存在 (no sector unit with this id)");
        return validator;
    }

    public IQueryable<Person> Apply(IQueryable<Person> persons, PeopleDbContext db, DateOnly today)
    {
        if (Q?.Trim() is { Length: > 0 } text)
        {
            var contains = $"%{EscapeLike(text)}%";
            var initials = text.ToLowerInvariant();
            persons = initials.All(char.IsAsciiLetterOrDigit)
                ? persons.Where(p => EF.Functions.ILike(p.Name, contains) || EF.Functions.Like(p.NameInitials, initials + "%"))
                : persons.Where(p => EF.Functions.ILike(p.Name, contains));
        }
        if (Kind is { } kind)
        {
            string[] kinds = [kind];
            persons = persons.Where(p => kinds.All(k => p.Kinds.Contains(k))); // kinds @> '{kind}': the GIN index
        }
        if (Tag?.Trim() is { Length: > 0 } tag)
        {
            string[] tags = [tag];
            persons = persons.Where(p => tags.All(t => p.ExpertiseTags.Contains(t)));
        }
        var current = db.Memberships.Where(m => m.StartsOn <= today && (m.EndsOn == null || m.EndsOn >= today));
        if (UnitId is { } unitId)
            persons = persons.Where(p => p.UnitId == unitId || current.Any(m => m.PersonId == p.Id && m.UnitId == unitId));
        if (SectorId is { } sectorId)
            persons = persons.Where(p => current.Any(m => m.PersonId == p.Id && m.UnitId == sectorId));
        return (Active ?? "true") switch
        {
            "true" => persons.Where(p => p.DeactivatedAt == null),
            "false" => persons.Where(p => p.DeactivatedAt != null),
            _ => persons,
        };
    }

    /// <summary>Name by the database's collation; pinyin by the initials, then the name; ties broken by id.</summary>
    public static IQueryable<Person> Ordered(IQueryable<Person> persons, string? sort) => (sort ?? "name") switch
    {
        "-name" => persons.OrderByDescending(p => p.Name).ThenByDescending(p => p.Id),
        "pinyin" => persons.OrderBy(p => p.NameInitials).ThenBy(p => p.Name).ThenBy(p => p.Id),
        "-pinyin" => persons.OrderByDescending(p => p.NameInitials).ThenByDescending(p => p.Name).ThenByDescending(p => p.Id),
        "createdAt" => persons.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id),
        "-createdAt" => persons.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
        _ => persons.OrderBy(p => p.Name).ThenBy(p => p.Id),
    };

    /// <summary>LIKE's wildcards taken literally (PostgreSQL's default escape character is the backslash).</summary>
    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
