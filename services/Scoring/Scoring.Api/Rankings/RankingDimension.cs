namespace SheqingMinyi.Scoring.Rankings;

/// <summary>What a ranking ranks: persons, units (the item's submitting unit), unit categories (分类), or the
/// special committees (专委会) alone, every one of them listed even with no points, as a monthly 通报 prints them.</summary>
public static class RankingDimension
{
    public const string Persons = "persons", Units = "units", Categories = "categories", SpecialCommittees = "special-committees";

    public static readonly IReadOnlyList<string> All = [Persons, Units, Categories, SpecialCommittees];

    public static bool IsKnown(string? dimension) => dimension is not null && All.Contains(dimension);
}
