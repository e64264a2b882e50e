using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Rankings;

/// <summary>A ranked thing's total in a period: a person, a unit (with its category) or a category.</summary>
public sealed record RankingTotal(string Id, string Name, decimal Points, string Category = "");

/// <summary>
/// The ledger's totals a ranking is built from, on the context's connection (row security and the tenant session
/// apply). Persons: their points, those with only 0-point entries left off (as the boards do). Units: the unit's
/// part of each item (unit_points: the item's points once), every unit the directory knows open in the period listed
/// even with none, so a bulletin shows who reported nothing. Categories and special committees derive from units.
/// </summary>
public static class RankingTotals
{
    public const string Uncategorised = "uncategorised";

    public static async Task<IReadOnlyList<RankingTotal>> OfAsync(ScoringDbContext db, string tenantId, string dimension, ScoringPeriod period,
        CancellationToken ct) => dimension switch
    {
        RankingDimension.Persons => await PersonsAsync(db, tenantId, period, ct),
        RankingDimension.Units => await UnitsAsync(db, tenantId, period, ct),
        RankingDimension.SpecialCommittees => [.. (await UnitsAsync(db, tenantId, period, ct)).Where(u => u.Category == UnitCategories.SpecialCommittee)],
        RankingDimension.Categories => [.. (await UnitsAsync(db, tenantId, period, ct)).GroupBy(u => u.Category)
            .Select(g => new RankingTotal(g.Key, UnitCategories.NameOf(g.Key == Uncategorised ? UnitCategories.Unknown : g.Key), g.Sum(u => u.Points)))],
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    public static Task<List<RankingTotal>> PersonsAsync(ScoringDbContext db, string tenantId, ScoringPeriod period, CancellationToken ct) =>
        ReadAsync(db, """
            SELECT l.person_id::text, coalesce(min(p.name), ''), sum(l.points), ''
            FROM ledger_entries l
            LEFT JOIN directory_persons p ON p.tenant_id = l.tenant_id AND p.person_id = l.person_id
            WHERE l.tenant_id = @tenant AND l.occurred_at >= @start AND l.occurred_at < @end
            GROUP BY l.person_id
            HAVING bool_or(l.points <> 0)
            """, tenantId, period, ct);

    public static Task<List<RankingTotal>> UnitsAsync(ScoringDbContext db, string tenantId, ScoringPeriod period, CancellationToken ct) =>
        ReadAsync(db, $"""
            WITH sums AS (
                SELECT unit_id, sum(unit_points) AS points, bool_or(unit_points <> 0) AS moved
                FROM ledger_entries
                WHERE tenant_id = @tenant AND unit_id IS NOT NULL AND occurred_at >= @start AND occurred_at < @end
                GROUP BY unit_id
            ),
            known AS (
                SELECT unit_id, name, category FROM directory_units
                WHERE tenant_id = @tenant AND version > 0 AND (closed_at IS NULL OR closed_at >= @start)
            )
            SELECT coalesce(s.unit_id, k.unit_id)::text, coalesce(k.name, ''), coalesce(s.points, 0),
                   coalesce(nullif(k.category, ''), nullif(d.category, ''), '{Uncategorised}')
            FROM sums s
            FULL JOIN known k ON k.unit_id = s.unit_id
            LEFT JOIN directory_units d ON d.tenant_id = @tenant AND d.unit_id = s.unit_id
            WHERE k.unit_id IS NOT NULL OR s.moved
            """, tenantId, period, ct);

    private static async Task<List<RankingTotal>> ReadAsync(ScoringDbContext db, string sql, string tenantId, ScoringPeriod period,
        CancellationToken ct)
    {
        var rows = new List<RankingTotal>();
        await db.ReadAsync(sql, tenantId, period.Start, period.End,
            reader => rows.Add(new RankingTotal(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetString(3))), ct);
        return rows;
    }
}
