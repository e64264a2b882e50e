using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Quotas;

/// <summary>One quota of one person or unit: Done of Target, Expected by the month asked (the pace), Met when Done ≥ Target.</summary>
public sealed record QuotaLine(string Quota, string Name, int Target, int Done, int Expected)
{
    public bool Met => Done >= Target;
    public bool Behind => Done < Expected;
}

public sealed record PersonQuota(Guid PersonId, string? Name, IReadOnlyList<QuotaLine> Quotas);

public sealed record UnitQuota(Guid UnitId, string? Name, string Category, IReadOnlyList<QuotaLine> Quotas);

/// <summary>Everyone with a quota in a year, counted up to the end of a month.</summary>
public sealed record QuotaStanding(int Year, int Month, IReadOnlyList<PersonQuota> Persons, IReadOnlyList<UnitQuota> Units);

/// <summary>
/// Counts quotas from the kept facts (never other services): an item submitted counts unless withdrawn, an item
/// adopted counts once whatever its levels; co-authors each count the item. Who has which quota comes from the
/// directory: active persons of kind member (委员), and active persons with a membership of a special committee
/// that overlaps the year.
/// </summary>
public static class QuotaProgress
{
    public static async Task<QuotaRules> RulesAsync(ScoringDbContext db, CancellationToken ct) =>
        (await db.QuotaSettings.AsNoTracking().FirstOrDefaultAsync(ct))?.ToRules() ?? QuotaRules.Default;

    /// <summary>The standing at the end of <paramref name="month"/> (1–12) of <paramref name="year"/> (Beijing).</summary>
    public static async Task<QuotaStanding> StandingAsync(ScoringDbContext db, string tenantId, QuotaRules rules, int year, int month,
        CancellationToken ct)
    {
        var start = new DateTimeOffset(year, 1, 1, 0, 0, 0, ScoringPeriod.BeijingOffset);
        var end = start.AddMonths(month);
        var (firstDay, lastDay) = (new DateOnly(year, 1, 1), new DateOnly(year, month, 1).AddMonths(1).AddDays(-1));
        var persons = new List<PersonQuota>();
        await ReadAsync(db, PersonsSql, tenantId, start, end, firstDay, lastDay, reader =>
        {
            var (isMember, inCommittee, submitted, adopted) = (reader.GetBoolean(2), reader.GetBoolean(3), (int)reader.GetInt64(4), (int)reader.GetInt64(5));
            var lines = new List<QuotaLine>();
            if (isMember && rules.MemberAdoptedPerYear > 0)
                lines.Add(Line(QuotaRules.MemberAdopted, rules.MemberAdoptedPerYear, adopted, rules, month));
            if (inCommittee && rules.SpecialCommitteeSubmittedPerYear > 0)
                lines.Add(Line(QuotaRules.SpecialCommitteeSubmitted, rules.SpecialCommitteeSubmittedPerYear, submitted, rules, month));
            if (lines.Count > 0) persons.Add(new PersonQuota(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), lines));
        }, ct);

        var counts = new Dictionary<Guid, (string? Name, string Category, int Submitted, int Adopted)>();
        await ReadAsync(db, UnitsSql, tenantId, start, end, firstDay, lastDay, reader => counts[reader.GetGuid(0)] =
            (reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), (int)reader.GetInt64(3), (int)reader.GetInt64(4)), ct);
        var units = new List<UnitQuota>();
        foreach (var target in rules.UnitTargets)
        {
            var (name, category, submitted, adopted) = counts.GetValueOrDefault(target.UnitId);
            if (name is null && category is null)
            {
                var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.UnitId == target.UnitId, ct);
                (name, category) = (unit?.Name, unit?.Category ?? "");
            }
            List<QuotaLine> lines = [];
            if (target.Submitted > 0) lines.Add(Line(QuotaRules.UnitSubmitted, target.Submitted, submitted, rules, month));
            if (target.Adopted > 0) lines.Add(Line(QuotaRules.UnitAdopted, target.Adopted, adopted, rules, month));
            units.Add(new UnitQuota(target.UnitId, name, category ?? "", lines));
        }
        return new QuotaStanding(year, month, [.. persons.OrderBy(p => p.Name ?? "\uffff", Rankings.CompetitionRanks.NameOrder).ThenBy(p => p.PersonId)], units);
    }

    private static QuotaLine Line(string quota, int target, int done, QuotaRules rules, int month) =>
        new(quota, QuotaRules.NameOf(quota), target, done, rules.ExpectedBy(target, month));

    private static readonly string PersonsSql = $"""
        WITH members AS (
            SELECT k.person_id FROM person_kinds k
            JOIN directory_persons p ON p.tenant_id = k.tenant_id AND p.person_id = k.person_id AND p.deactivated_at IS NULL
            WHERE k.tenant_id = @tenant AND '{PersonKinds.Member}' = ANY(k.kinds)
        ),
        committee AS (
            SELECT DISTINCT m.person_id FROM directory_memberships m
            JOIN directory_units u ON u.tenant_id = m.tenant_id AND u.unit_id = m.unit_id AND u.category = '{UnitCategories.SpecialCommittee}'
            JOIN directory_persons p ON p.tenant_id = m.tenant_id AND p.person_id = m.person_id AND p.deactivated_at IS NULL
            WHERE m.tenant_id = @tenant AND m.starts_on <= @last_day AND (m.ends_on IS NULL OR m.ends_on >= @first_day)
        ),
        -- Items a person counts in the window: submitted unless withdrawn, adopted once at any level.
        per_person AS (
            SELECT f.person_id,
                   count(DISTINCT f.source_id) FILTER (WHERE f.reason = '{ScoringRules.SubmittedReason}' AND NOT EXISTS (
                       SELECT 1 FROM score_facts w WHERE w.tenant_id = f.tenant_id AND w.source_id = f.source_id AND w.reason = '{ScoringRules.WithdrawnMarker}'))
                       AS submitted,
                   count(DISTINCT f.source_id) FILTER (WHERE f.reason LIKE 'adopted-%') AS adopted
            FROM score_facts f
            WHERE f.tenant_id = @tenant AND f.occurred_at >= @start AND f.occurred_at < @end
            GROUP BY f.person_id
        ),
        persons AS (SELECT person_id FROM members UNION SELECT person_id FROM committee)
        SELECT s.person_id, d.name,
               s.person_id IN (SELECT person_id FROM members), s.person_id IN (SELECT person_id FROM committee),
               coalesce(c.submitted, 0)::bigint, coalesce(c.adopted, 0)::bigint
        FROM persons s
        LEFT JOIN directory_persons d ON d.tenant_id = @tenant AND d.person_id = s.person_id
        LEFT JOIN per_person c ON c.person_id = s.person_id
        """;

    private static readonly string UnitsSql = $"""
        WITH items AS (
            SELECT DISTINCT f.unit_id, f.source_id, f.reason LIKE 'adopted-%' AS adopted,
                   f.reason = '{ScoringRules.SubmittedReason}' AND NOT EXISTS (
                       SELECT 1 FROM score_facts w WHERE w.tenant_id = f.tenant_id AND w.source_id = f.source_id AND w.reason = '{ScoringRules.WithdrawnMarker}')
                       AS submitted
            FROM score_facts f
            WHERE f.tenant_id = @tenant AND f.unit_id IS NOT NULL AND f.occurred_at >= @start AND f.occurred_at < @end
        )
        SELECT i.unit_id, u.name, coalesce(u.category, ''),
               count(DISTINCT i.source_id) FILTER (WHERE i.submitted), count(DISTINCT i.source_id) FILTER (WHERE i.adopted)
        FROM items i LEFT JOIN directory_units u ON u.tenant_id = @tenant AND u.unit_id = i.unit_id
        GROUP BY i.unit_id, u.name, u.category
        """;

    private static async Task ReadAsync(ScoringDbContext db, string sql, string tenantId, DateTimeOffset start, DateTimeOffset end,
        DateOnly firstDay, DateOnly lastDay, Action<System.Data.Common.DbDataReader> row, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql;
            command.Parameters.Add(new NpgsqlParameter("tenant", tenantId));
            command.Parameters.Add(new NpgsqlParameter("start", start.ToUniversalTime()));
            command.Parameters.Add(new NpgsqlParameter("end", end.ToUniversalTime()));
            command.Parameters.Add(new NpgsqlParameter("first_day", firstDay));
            command.Parameters.Add(new NpgsqlParameter("last_day", lastDay));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) row(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
