using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Rankings;

namespace SheqingMinyi.Scoring.Awards;

/// <summary>A candidate: a person, an item or a unit, its points in the year, its rank among its peers, and for 先进集体
/// its tier (1–3) and category.</summary>
public sealed record AwardCandidate(string Id, string? Name, decimal Points, long Rank, int? Tier = null, string? TierName = null,
    string? Category = null);

public sealed record AwardProposal(string Award, string Name, IReadOnlyList<AwardCandidate> Candidates);

/// <summary>A unit's 分类考核 result: its tier by its category's thresholds (不合格 below the last).</summary>
public sealed record UnitAssessment(Guid UnitId, string Name, string Category, string CategoryName, decimal Points, long Rank, string Tier);

/// <summary>
/// Candidates from the year's ledger under the tenant's criteria: persons by points (贡献奖; 优秀特约信息员 among persons
/// of kind special-officer), items by the points they earned their authors' units (优秀社情民意信息), units per category
/// by points in tiers (先进集体). Ties at a boundary are all in, as ranks are shared.
/// </summary>
public static class AwardCandidates
{
    public const string Unassessed = "不合格";

    public static async Task<(AwardCriteria Criteria, int Version)> CriteriaAsync(ScoringDbContext db, CancellationToken ct) =>
        await db.AwardSettings.AsNoTracking().FirstOrDefaultAsync(ct) is { } row ? (row.ToCriteria(), row.Version) : (AwardCriteria.Default, 0);

    public static async Task<IReadOnlyList<AwardProposal>> ProposeAsync(ScoringDbContext db, string tenantId, AwardCriteria criteria, int year,
        CancellationToken ct)
    {
        var window = Year(year);
        var persons = await RankingTotals.PersonsAsync(db, tenantId, window, ct);
        var officers = (await db.PersonKinds.AsNoTracking().Where(k => k.Kinds.Contains("special-officer")).Select(k => k.PersonId).ToListAsync(ct))
            .Select(p => p.ToString()).ToHashSet();
        var items = await ItemPointsAsync(db, tenantId, window, ct);
        var units = await RankingTotals.UnitsAsync(db, tenantId, window, ct);
        return
        [
            new(AwardCriteria.Contribution, AwardCriteria.NameOf(AwardCriteria.Contribution), Top(persons, criteria.ContributionAward)),
            new(AwardCriteria.ExcellentInformation, AwardCriteria.NameOf(AwardCriteria.ExcellentInformation), Top(items, criteria.ExcellentInformationAward)),
            new(AwardCriteria.ExcellentOfficer, AwardCriteria.NameOf(AwardCriteria.ExcellentOfficer),
                Top([.. persons.Where(p => officers.Contains(p.Id))], criteria.ExcellentOfficerAward)),
            new(AwardCriteria.AdvancedCollective, AwardCriteria.NameOf(AwardCriteria.AdvancedCollective), Collectives(units, criteria)),
        ];
    }

    public static async Task<IReadOnlyList<UnitAssessment>> AssessAsync(ScoringDbContext db, string tenantId, AwardCriteria criteria, int year,
        CancellationToken ct)
    {
        var units = await RankingTotals.UnitsAsync(db, tenantId, Year(year), ct);
        var result = new List<UnitAssessment>();
        foreach (var assessment in criteria.Assessments)
        {
            var peers = units.Where(u => u.Category == assessment.Category).ToList();
            foreach (var r in CompetitionRanks.Of(peers.Select(u => (u.Id, (string?)u.Name, u.Points))))
                result.Add(new UnitAssessment(Guid.Parse(r.Id), r.Name ?? "", assessment.Category, UnitCategories.NameOf(assessment.Category), r.Points,
                    r.Rank, assessment.Tiers.FirstOrDefault(t => r.Points >= t.MinPoints)?.Name ?? Unassessed));
        }
        return result;
    }

    private static ScoringPeriod Year(int year) => ScoringPeriod.TryParse($"{year}", out var p) ? p : throw new ArgumentOutOfRangeException(nameof(year));

    private static IReadOnlyList<AwardCandidate> Top(IReadOnlyList<RankingTotal> rows, TopCriterion criterion) =>
        [.. CompetitionRanks.Top(CompetitionRanks.Of(rows.Where(r => r.Points >= criterion.MinPoints && r.Points > 0)
                .Select(r => (r.Id, (string?)(r.Name.Length == 0 ? null : r.Name), r.Points))), criterion.Top)
            .Select(r => new AwardCandidate(r.Id, r.Name, r.Points, r.Rank))];

    private static IReadOnlyList<AwardCandidate> Collectives(IReadOnlyList<RankingTotal> units, AwardCriteria criteria)
    {
        var candidates = new List<AwardCandidate>();
        foreach (var c in criteria.Collectives)
            foreach (var r in CompetitionRanks.Of(units.Where(u => u.Category == c.Category && u.Points >= c.MinPoints && u.Points > 0)
                         .Select(u => (u.Id, (string?)u.Name, u.Points))))
            {
                int? tier = r.Rank <= c.First ? 1 : r.Rank <= c.First + c.Second ? 2 : r.Rank <= c.First + c.Second + c.Third ? 3 : null;
                if (tier is { } t) candidates.Add(new AwardCandidate(r.Id, r.Name, r.Points, r.Rank, t, AwardCriteria.TierName(t), c.Category));
            }
        return candidates;
    }

    /// <summary>Each item's points in the year (the unit's part of every entry about it: its submission, adoptions,
    /// instructions, selections), with its title.</summary>
    private static async Task<List<RankingTotal>> ItemPointsAsync(ScoringDbContext db, string tenantId, ScoringPeriod window, CancellationToken ct)
    {
        const string sql = """
            WITH items AS (SELECT DISTINCT source_id, item_id FROM score_facts WHERE tenant_id = @tenant AND item_id IS NOT NULL)
            SELECT i.item_id::text, coalesce(t.title, ''), sum(l.unit_points)
            FROM ledger_entries l
            JOIN items i ON i.source_id = l.source_id
            LEFT JOIN item_titles t ON t.tenant_id = @tenant AND t.submission_id = i.item_id
            WHERE l.tenant_id = @tenant AND l.occurred_at >= @start AND l.occurred_at < @end
            GROUP BY i.item_id, t.title
            """;
        var rows = new List<RankingTotal>();
        await db.ReadAsync(sql, tenantId, window.Start, window.End,
            reader => rows.Add(new RankingTotal(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2))), ct);
        return rows;
    }
}
