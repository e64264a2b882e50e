namespace SheqingMinyi.Scoring.Bulletins;

/// <summary>Counts of a period (the whole tenant, or one unit): items submitted (withdrawn ones not), adopted per level,
/// items adopted at any level, instructions, and AdoptionRate = AdoptedItems / Submitted (0 when nothing submitted).</summary>
public sealed record BulletinCounts(int Submitted, int AdoptedOwnBody, int AdoptedParentBody, int AdoptedNational, int AdoptedPartyCentre,
    int AdoptedItems, int Instructions, decimal AdoptionRate);

/// <summary>A unit's line: its counts, points (the unit's part of each item) and rank by points (1, 1, 3); with
/// normalisation, its members and the counts per member.</summary>
public sealed record BulletinUnitRow(long Rank, Guid UnitId, string Name, string Category, string CategoryName, BulletinCounts Counts,
    decimal Points, int? Members = null, decimal? SubmittedPerMember = null, decimal? AdoptedPerMember = null);

public sealed record BulletinQuota(int Persons, int PersonsMet, decimal Rate);

public sealed record BulletinPerson(long Rank, Guid PersonId, string? Name, decimal Points);

/// <summary>A highlight: an item adopted nationally (全国政协 / 党派中央), instructed by a leader or selected into the 优秀选编
/// in the period.</summary>
public sealed record BulletinHighlight(Guid ItemId, string? Title, string? UnitName, IReadOnlyList<string> Authors, IReadOnlyList<string> Recognitions);

/// <summary>The stored content of a bulletin. UnitSizeBasis says where a normalised bulletin's unit sizes come from: the
/// people service publishes no unit size (its 三定 targets are item counts), so 按在册人数, the unit's members on the
/// period's last day (main unit or a membership held that day).</summary>
public sealed record BulletinContent(string Title, string Kind, string Period, DateTimeOffset Start, DateTimeOffset End, bool NormalisedByUnitSize,
    BulletinCounts Totals, IReadOnlyList<BulletinUnitRow> Units, IReadOnlyList<BulletinUnitRow> SpecialCommittees, BulletinQuota Quota,
    IReadOnlyList<BulletinPerson> TopPersons, IReadOnlyList<BulletinHighlight> Highlights, string? UnitSizeBasis = null)
{
    public const string MembersOnRoll = "按在册人数";
}
