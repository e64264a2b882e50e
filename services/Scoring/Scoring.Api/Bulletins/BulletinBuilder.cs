using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Quotas;
using SheqingMinyi.Scoring.Rankings;

namespace SheqingMinyi.Scoring.Bulletins;

/// <summary>
/// Builds a bulletin's content from scoring's own tables: counts from the facts (an item counts once however many
/// co-authors; a withdrawn item is not counted submitted), points and ranks from the ledger (as the rankings), quota
/// completion at the end of the period's last month, highlights from national adoptions, instructions and 优秀选编.
/// </summary>
public static class BulletinBuilder
{
    public const int TopPersons = 10;

    public static async Task<BulletinContent> BuildAsync(ScoringDbContext db, string tenantId, BulletinPeriod period, bool normalise,
        CancellationToken ct)
    {
        var window = new ScoringPeriod(period.Key, period.Start, period.End);
        var counts = new Dictionary<Guid, BulletinCounts>();
        BulletinCounts totals = Empty;
        await ReadAsync(db, CountsSql, tenantId, period, r =>
        {
            var c = Counts(r, 1);
            if (r.IsDBNull(0)) totals = c;
            else counts[r.GetGuid(0)] = c;
        }, ct);
        var members = new Dictionary<Guid, int>();
        if (normalise)
            await ReadAsync(db, MembersSql, tenantId, period, r => members[r.GetGuid(0)] = (int)r.GetInt64(1), ct);

        var units = await RankingTotals.UnitsAsync(db, tenantId, window, ct);
        var ranked = CompetitionRanks.Of(units.Select(u => (u.Id, (string?)u.Name, u.Points))).ToDictionary(r => r.Id, r => r.Rank);
        var rows = units.Select(u =>
        {
            var id = Guid.Parse(u.Id);
            var c = counts.GetValueOrDefault(id) ?? Empty;
            var category = u.Category == RankingTotals.Uncategorised ? UnitCategories.Unknown : u.Category;
            int? size = normalise ? members.GetValueOrDefault(id) : null;
            return new BulletinUnitRow(ranked[u.Id], id, u.Name, category, UnitCategories.NameOf(category), c, u.Points, size,
                size > 0 ? Per(c.Submitted, size.Value) : null, size > 0 ? Per(c.AdoptedItems, size.Value) : null);
        }).OrderBy(r => r.Rank).ThenBy(r => r.Name, CompetitionRanks.NameOrder).ToList();
        var committees = CompetitionRanks.Of(rows.Where(r => r.Category == UnitCategories.SpecialCommittee)
                .Select(r => (r.UnitId.ToString(), (string?)r.Name, r.Points)))
            .Select(r => rows.First(u => u.UnitId.ToString() == r.Id) with { Rank = r.Rank }).ToList();

        var (year, month) = period.LastMonth;
        var standing = await QuotaProgress.StandingAsync(db, tenantId, await QuotaProgress.RulesAsync(db, ct), year, month, ct);
        var met = standing.Persons.Count(p => p.Quotas.All(q => q.Met));
        var quota = new BulletinQuota(standing.Persons.Count, met, standing.Persons.Count == 0 ? 0 : decimal.Round((decimal)met / standing.Persons.Count, 4));

        var persons = CompetitionRanks.Top(CompetitionRanks.Of((await RankingTotals.PersonsAsync(db, tenantId, window, ct))
            .Select(p => (p.Id, (string?)(p.Name.Length == 0 ? null : p.Name), p.Points))), TopPersons);

        return new BulletinContent(period.Title, period.Kind, period.Key, period.Start, period.End, normalise, totals, rows, committees, quota,
            [.. persons.Select(p => new BulletinPerson(p.Rank, Guid.Parse(p.Id), p.Name, p.Points))], await HighlightsAsync(db, tenantId, period, ct),
            normalise ? BulletinContent.MembersOnRoll : null);
    }

    private static readonly BulletinCounts Empty = new(0, 0, 0, 0, 0, 0, 0, 0);

    private static decimal Per(int count, int size) => decimal.Round((decimal)count / size, 2);

    private static BulletinCounts Counts(DbDataReader r, int first)
    {
        int At(int i) => (int)r.GetInt64(first + i);
        var (submitted, adopted) = (At(0), At(5));
        return new BulletinCounts(submitted, At(1), At(2), At(3), At(4), adopted, At(6), submitted == 0 ? 0 : decimal.Round((decimal)adopted / submitted, 4));
    }

    private static async Task<IReadOnlyList<BulletinHighlight>> HighlightsAsync(ScoringDbContext db, string tenantId, BulletinPeriod period,
        CancellationToken ct)
    {
        var rows = await db.Facts.AsNoTracking()
            .Where(f => f.OccurredAt >= period.Start && f.OccurredAt < period.End && f.ItemId != null && f.PersonId != Guid.Empty
                && (f.Reason == "adopted-national" || f.Reason == "adopted-party-centre" || f.Reason.StartsWith("instruction-")
                    || f.Reason == ScoringRules.SelectionReason))
            .Select(f => new { ItemId = f.ItemId!.Value, f.Reason, f.SourceId, f.UnitId }).Distinct().ToListAsync(ct);
        if (rows.Count == 0) return [];
        var items = rows.Select(r => r.ItemId).Distinct().ToList();
        var titles = await db.ItemTitles.AsNoTracking().Where(t => items.Contains(t.SubmissionId)).ToDictionaryAsync(t => t.SubmissionId, t => t.Title, ct);
        var authors = (await db.Facts.AsNoTracking().Where(f => f.Reason == ScoringRules.SubmittedReason && items.Contains(f.SourceId))
            .Select(f => new { f.SourceId, f.PersonId }).ToListAsync(ct)).ToLookup(f => f.SourceId, f => f.PersonId);
        var personIds = authors.SelectMany(a => a).Distinct().ToList();
        var names = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.PersonId)).ToDictionaryAsync(p => p.PersonId, p => p.Name, ct);
        var unitIds = rows.Select(r => r.UnitId).OfType<Guid>().Distinct().ToList();
        var unitNames = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.UnitId)).ToDictionaryAsync(u => u.UnitId, u => u.Name, ct);
        return [.. rows.GroupBy(r => r.ItemId).Select(g => new BulletinHighlight(g.Key, titles.GetValueOrDefault(g.Key),
                g.Select(r => r.UnitId).OfType<Guid>().Select(u => unitNames.GetValueOrDefault(u)).FirstOrDefault(n => n is not null),
                [.. authors[g.Key].Select(p => names.GetValueOrDefault(p)).OfType<string>()],
                [.. g.GroupBy(r => r.Reason).OrderBy(r => r.Key, StringComparer.Ordinal)
                    .Select(r => r.Select(x => x.SourceId).Distinct().Count() is var n and > 1 ? $"{ReasonLabels.Of(r.Key)}×{n}" : ReasonLabels.Of(r.Key))]))
            .OrderBy(h => h.Title ?? "\uffff", CompetitionRanks.NameOrder)];
    }

    // One row per unit and a total row (unit NULL) by GROUPING SETS: distinct items per count, so co-authors count once.
    private const string CountsSql = $"""
        WITH f AS (
            SELECT DISTINCT f.unit_id, f.source_id, f.reason,
                   f.reason = '{ScoringRules.SubmittedReason}' AND NOT EXISTS (SELECT 1 FROM score_facts w
                       WHERE w.tenant_id = f.tenant_id AND w.source_id = f.source_id AND w.reason = '{ScoringRules.WithdrawnMarker}') AS counted
            FROM score_facts f
            WHERE f.tenant_id = @tenant AND f.occurred_at >= @start AND f.occurred_at < @end AND f.person_id <> '00000000-0000-0000-0000-000000000000'
        )
        SELECT unit_id,
               count(DISTINCT source_id) FILTER (WHERE counted),
               count(DISTINCT source_id) FILTER (WHERE reason = 'adopted-own-body'),
               count(DISTINCT source_id) FILTER (WHERE reason = 'adopted-parent-body'),
               count(DISTINCT source_id) FILTER (WHERE reason = 'adopted-national'),
               count(DISTINCT source_id) FILTER (WHERE reason = 'adopted-party-centre'),
               count(DISTINCT source_id) FILTER (WHERE reason LIKE 'adopted-%'),
               count(DISTINCT source_id) FILTER (WHERE reason LIKE 'instruction-%')
        FROM f
        GROUP BY GROUPING SETS ((unit_id), ())
        HAVING unit_id IS NOT NULL OR GROUPING(unit_id) = 1
        """;

    // A unit's size: active persons whose main unit it is or who held a membership of it on the period's last day.
    private const string MembersSql = """
        SELECT unit_id, count(DISTINCT person_id) FROM (
            SELECT p.unit_id, p.person_id FROM directory_persons p
            WHERE p.tenant_id = @tenant AND p.unit_id IS NOT NULL AND p.deactivated_at IS NULL
            UNION
            SELECT m.unit_id, m.person_id FROM directory_memberships m
            JOIN directory_persons p ON p.tenant_id = m.tenant_id AND p.person_id = m.person_id AND p.deactivated_at IS NULL
            WHERE m.tenant_id = @tenant AND m.starts_on <= ((@end AT TIME ZONE 'UTC') + interval '8 hours')::date - 1
              AND (m.ends_on IS NULL OR m.ends_on >= ((@end AT TIME ZONE 'UTC') + interval '8 hours')::date - 1)
        ) x
        GROUP BY unit_id
        """;

    private static Task ReadAsync(ScoringDbContext db, string sql, string tenantId, BulletinPeriod period, Action<DbDataReader> row,
        CancellationToken ct) => db.ReadAsync(sql, tenantId, period.Start, period.End, row, ct);
}
