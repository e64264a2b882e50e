using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Ledger;

/// <summary>A person's entries written in one Beijing month (any instant of it names the same year, quarter and month
/// boards). Moved: some of them changed points (a month of 0-point facts alone, e.g. unpriced 金点子, moves no board).</summary>
public sealed record SettledMonth(Guid PersonId, DateTimeOffset At, long Entries, bool Moved);

/// <summary>
/// Brings the ledger in line with the facts under the tenant's rules: prices every fact in a scope (the version in
/// force when it happened, caps, withdrawals, the co-author mode), compares with what the ledger already says per
/// person, reason, source, instant and unit, and appends the difference: a first entry for a new fact, else a correction
/// naming the newest entry of its chain (a fact moved to another unit takes the old unit's chain to 0 and starts one for
/// the new unit). One SQL statement (with its PointsCredited, or a rule change's PointsRecomputed, in the outbox), so a live event
/// and a recompute of a million facts take the same path, and the ledger is never rewritten. Callers hold
/// <see cref="LockTenantAsync"/>: settlements of a tenant run one at a time, each seeing the facts the last committed.
/// </summary>
public static class LedgerSettlement
{
    /// <summary>Serialises the tenant's settlements (consumers and rule changes) until the transaction ends.</summary>
    public static Task LockTenantAsync(ScoringDbContext db, string tenantId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended('scoring-ledger:' || {tenantId}, 0))", ct);

    /// <summary>Prices the scope's facts and appends what changed; answers the months whose boards must follow.</summary>
    public static async Task<IReadOnlyList<SettledMonth>> SettleAsync(ScoringDbContext db, string tenantId, SettlementScope scope,
        DateTimeOffset now, string? traceId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("A settlement runs inside the caller's transaction.");
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(StatementFor(scope), connection);
        command.CommandTimeout = 600;
        var activity = Activity.Current;
        command.Parameters.Add(new NpgsqlParameter("tenant", tenantId));
        command.Parameters.Add(new NpgsqlParameter("default", NpgsqlDbType.Jsonb) { Value = ScoringRules.Default.ToJson() });
        command.Parameters.Add(new NpgsqlParameter("all", scope.Persons is null));
        if (scope.Persons is { } persons)
            command.Parameters.Add(new NpgsqlParameter("persons", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = persons.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("from", scope.From.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter("to", scope.To.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter("priced", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ScoringRules.PricedReasons.Keys.ToArray() });
        if (scope.Reasons is { } reasons)
            command.Parameters.Add(new NpgsqlParameter("reasons", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = reasons.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("nobody", Guid.Empty));
        command.Parameters.Add(new NpgsqlParameter("now", now.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter("trace", NpgsqlDbType.Varchar) { Value = (object?)traceId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("type", EventTypeNames.Of<PointsCredited>()));
        command.Parameters.Add(new NpgsqlParameter("recomputedType", EventTypeNames.Of<PointsRecomputed>()));
        command.Parameters.Add(new NpgsqlParameter("traceparent", NpgsqlDbType.Text)
            { Value = activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("tracestate", NpgsqlDbType.Text) { Value = (object?)activity?.TraceStateString ?? DBNull.Value });
        command.Transaction = (NpgsqlTransaction)db.Database.CurrentTransaction.GetDbTransaction();
        if (scope.Persons is null)
        {
            // A rule change sorts and hashes every fact and entry of the tenant: in memory, not in temp files (at 1M
            // entries the ledger's sort alone takes ~340 MB), and without JIT, whose compile of this statement cost
            // more than it saved (this transaction only).
            await using var memory = new NpgsqlCommand("SET LOCAL work_mem = '1GB'; SET LOCAL jit = off", connection, command.Transaction);
            await memory.ExecuteNonQueryAsync(ct);
        }

        var months = new List<SettledMonth>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            months.Add(new SettledMonth(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2), reader.GetBoolean(3)));
        return months;
    }

    /// <summary>
    /// Every fact of the tenant from <paramref name="from"/>'s month priced into the ledger in one transaction of its
    /// own: what the consumers do an event at a time, for facts written in bulk (the recompute bench, tests).
    /// </summary>
    public static Task<IReadOnlyList<SettledMonth>> SettleTenantAsync(ScoringDbContext db, string tenantId, DateTimeOffset from, DateTimeOffset now,
        CancellationToken ct) => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await LockTenantAsync(db, tenantId, ct);
            var months = await SettleAsync(db, tenantId, SettlementScope.EveryoneFrom(from), now, null, ct);
            await transaction.CommitAsync(ct);
            return months;
        });

    /// <summary>
    /// The persons and months a change of these sources' facts can move: every person with a fact of them, from the
    /// month of the earliest to that of the latest (with <paramref name="at"/>, the event's own instant).
    /// </summary>
    public static async Task<SettlementScope> ScopeOfSourcesAsync(ScoringDbContext db, IReadOnlyCollection<Guid> sources, DateTimeOffset at,
        CancellationToken ct)
    {
        var facts = await db.Facts.AsNoTracking().Where(f => sources.Contains(f.SourceId))
            .Select(f => new { f.PersonId, f.OccurredAt }).ToListAsync(ct);
        var instants = facts.Select(f => f.OccurredAt).Append(at.ToUniversalTime()).ToList();
        return SettlementScope.Of([.. facts.Select(f => f.PersonId).Where(p => p != Guid.Empty).Distinct()], instants.Min(), instants.Max());
    }

    // Beijing months without time zone data: the UTC wall clock + 8 hours.
    private const string BeijingMonth = "date_trunc('month', ({0} AT TIME ZONE 'UTC') + interval '8 hours')";

    private static string Month(string column) => string.Format(BeijingMonth, column);

    private static string Year(string column) => string.Format(BeijingMonth.Replace("'month'", "'year'"), column);

    // Time-ordered ids (UUID version 7: milliseconds since 1970, then random): new rows go to the right edge of the
    // primary key instead of random pages, which at a million corrections was a large part of the insert.
    private const string OrderedId =
        "(lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7' || substr(replace(gen_random_uuid()::text, '-', ''), 14, 19))::uuid";

    /// <summary>The (reason, rules field) pairs of the reasons priced by one number of the version (submitted and
    /// training have their own formulas), as a VALUES list.</summary>
    private static string BaseNumbers() => string.Join(", ", ScoringRules.PricedReasons
        .Where(r => r.Key is not ScoringRules.SubmittedReason and not ScoringRules.TrainingReason)
        .Select(r => $"('{r.Key}', '{r.Value}')"));

    // One statement text per (everyone?, every reason?): no "@all OR …" in a statement, so a prepared (generic) plan of
    // an event's settlement still finds the person's rows through the person indexes.
    private static readonly string[] Statements = [Compose(false, false), Compose(false, true), Compose(true, false), Compose(true, true)];

    private static string StatementFor(SettlementScope scope) => Statements[(scope.Persons is null ? 2 : 0) + (scope.Reasons is null ? 1 : 0)];

    private static string Compose(bool everyone, bool everyReason)
    {
        string Persons(string alias) => everyone ? "true" : $"{alias}.person_id = ANY(@persons)";
        string Reasons(string column) => everyReason ? "true" : $"{column} = ANY(@reasons)";
        return $"""
        WITH versions AS (
            SELECT version, effective_from, rules FROM rule_set_versions WHERE tenant_id = @tenant
            UNION ALL
            SELECT 1, '-infinity'::timestamptz, @default
            WHERE NOT EXISTS (SELECT 1 FROM rule_set_versions WHERE tenant_id = @tenant AND version = 1)
        ),
        -- A version is in force from its day until a higher version's day begins.
        -- Each version's numbers are read from its JSON once here, not once per fact (a recompute prices millions).
        ranges AS (
            SELECT v.version, v.effective_from AS from_at,
                   coalesce((SELECT min(w.effective_from) FROM versions w WHERE w.version > v.version), 'infinity'::timestamptz) AS to_at,
                   coalesce((v.rules->>'submitted')::numeric, 0) AS submitted_points,
                   coalesce((v.rules->>'submittedMonthlyCap')::bigint, 9223372036854775807) AS monthly_cap,
                   coalesce((v.rules->>'withdrawnLosesSubmitted')::boolean, false) AS withdrawn_loses,
                   coalesce((v.rules->>'rejectedLosesSubmitted')::boolean, false) AS rejected_loses,
                   coalesce(v.rules->>'coAuthorMode' = '{ScoringRules.FullMode}', false) AS full_mode,
                   v.rules->'trainingByKind' AS training_by_kind, (v.rules->>'trainingAttended')::numeric AS training_attended,
                   coalesce((v.rules->>'trainingPerHour')::numeric, 0) AS training_per_hour
            FROM versions v
        ),
        numbers AS (
            SELECT v.version, n.reason, coalesce((v.rules->>n.field)::numeric, 0) AS number
            FROM versions v CROSS JOIN (VALUES {BaseNumbers()}) n(reason, field)
        ),
        scoped AS (
            SELECT f.person_id, f.reason, f.source_id, f.unit_id, f.share, f.occurred_at, f.training_kind, f.hours
            FROM score_facts f
            WHERE f.tenant_id = @tenant AND f.person_id <> @nobody AND f.occurred_at >= @from AND f.occurred_at < @to
              AND {Persons("f")} AND NOT f.removed AND {Reasons("f.reason")}
            UNION ALL
            -- 约稿加分: an adopted item that answered a solicitation, once per author, when it was first adopted.
            SELECT b.person_id, '{ScoringRules.SolicitationBonusReason}', b.source_id, b.unit_id, b.share, b.occurred_at, NULL, NULL
            FROM (
                SELECT DISTINCT ON (a.person_id, a.source_id) a.person_id, a.source_id, a.unit_id, a.share, a.occurred_at
                FROM score_facts a
                WHERE a.tenant_id = @tenant AND a.reason LIKE 'adopted-%' AND {Persons("a")}
                  AND EXISTS (SELECT 1 FROM score_facts s WHERE s.tenant_id = @tenant AND s.source_id = a.source_id
                              AND s.reason = '{ScoringRules.SubmittedReason}' AND s.solicitation_id IS NOT NULL)
                ORDER BY a.person_id, a.source_id, a.occurred_at
            ) b
            WHERE b.occurred_at >= @from AND b.occurred_at < @to AND {Reasons($"'{ScoringRules.SolicitationBonusReason}'")}
        ),
        priced AS (
            SELECT s.*, r.version, r.submitted_points, r.monthly_cap, r.full_mode, r.training_by_kind, r.training_attended,
                   r.training_per_hour,
                   CASE WHEN s.reason = '{ScoringRules.SubmittedReason}' AND (r.withdrawn_loses OR r.rejected_loses) THEN EXISTS (
                       SELECT 1 FROM score_facts m
                       WHERE m.tenant_id = @tenant AND m.source_id = s.source_id AND m.person_id = @nobody
                         AND ((m.reason = '{ScoringRules.WithdrawnMarker}' AND r.withdrawn_loses)
                           OR (m.reason = '{ScoringRules.RejectedMarker}' AND r.rejected_loses)))
                   ELSE false END AS lost
            FROM scoped s JOIN ranges r ON s.occurred_at >= r.from_at AND s.occurred_at < r.to_at
        ),
        -- The monthly cap counts a person's submitted items that still count, earliest first.
        ranked AS (
            SELECT p.*,
                   row_number() OVER (PARTITION BY p.person_id, p.reason, p.lost, {Month("p.occurred_at")} ORDER BY p.occurred_at, p.source_id) AS month_rank
            FROM priced p
        ),
        based AS (
            SELECT p.*, CASE p.reason
                WHEN '{ScoringRules.SubmittedReason}' THEN
                    CASE WHEN p.lost OR p.month_rank > p.monthly_cap THEN 0 ELSE p.submitted_points END
                WHEN '{ScoringRules.TrainingReason}' THEN
                    coalesce((p.training_by_kind->>p.training_kind)::numeric, p.training_attended, 0) + coalesce(p.hours, 0) * p.training_per_hour
                ELSE coalesce(n.number, 0) END AS base
            FROM ranked p LEFT JOIN numbers n ON n.version = p.version AND n.reason = p.reason
        ),
        desired AS (
            SELECT person_id, reason, source_id, occurred_at, unit_id, version,
                   round(base * CASE WHEN full_mode THEN 1 ELSE share END, 2) AS points,
                   round(base * share, 2) AS unit_points
            FROM based
        ),
        current AS (
            SELECT e.person_id, e.reason, e.source_id, e.occurred_at, sum(e.points) AS points, sum(e.unit_points) AS unit_points,
                   (array_agg(e.id) FILTER (WHERE c.id IS NULL))[1] AS latest_id, e.unit_id
            FROM ledger_entries e
            LEFT JOIN ledger_entries c ON c.corrects_id = e.id AND c.tenant_id = @tenant AND c.reason = e.reason
                 AND c.reason = ANY(@priced) AND {Reasons("c.reason")}
            WHERE e.tenant_id = @tenant AND e.occurred_at >= @from AND e.occurred_at < @to AND {Persons("e")}
              AND e.reason = ANY(@priced) AND {Reasons("e.reason")}
            GROUP BY e.person_id, e.reason, e.source_id, e.occurred_at, e.unit_id
        ),
        diff AS (
            SELECT coalesce(d.person_id, c.person_id) AS person_id, coalesce(d.reason, c.reason) AS reason,
                   coalesce(d.source_id, c.source_id) AS source_id, coalesce(d.occurred_at, c.occurred_at) AS occurred_at,
                   coalesce(d.unit_id, c.unit_id) AS unit_id,
                   coalesce(d.version, (SELECT r.version FROM ranges r WHERE c.occurred_at >= r.from_at AND c.occurred_at < r.to_at)) AS version,
                   coalesce(d.points, 0) - coalesce(c.points, 0) AS points,
                   coalesce(d.unit_points, 0) - coalesce(c.unit_points, 0) AS unit_points,
                   c.latest_id
            FROM desired d FULL JOIN current c
              ON c.person_id = d.person_id AND c.reason = d.reason AND c.source_id = d.source_id AND c.occurred_at = d.occurred_at
             AND c.unit_id IS NOT DISTINCT FROM d.unit_id
            WHERE c.person_id IS NULL OR coalesce(d.points, 0) <> c.points OR coalesce(d.unit_points, 0) <> c.unit_points
        ),
        inserted AS (
            INSERT INTO ledger_entries (id, tenant_id, person_id, unit_id, reason, source_id, points, unit_points, rule_version,
                                        occurred_at, recorded_at, corrects_id, trace_id)
            SELECT {OrderedId}, @tenant, person_id, unit_id, reason, source_id, points, unit_points, version,
                   occurred_at, @now, latest_id, @trace
            FROM diff
            -- In the order of the (tenant, occurred_at) and (tenant, unit, occurred_at) indexes: a million corrections
            -- then fill neighbouring index pages instead of random ones (measured: 17-18 s of CPU → 12 s for the insert).
            ORDER BY occurred_at
            RETURNING id, person_id, reason, source_id, points, occurred_at, rule_version
        ),
        -- A settlement of some persons (an event) announces each entry; a rule change (everyone) one PointsRecomputed
        -- per person and year whose total moved, not a million PointsCredited.
        announced AS (
            INSERT INTO outbox_messages (id, tenant_id, type, payload, trace_parent, trace_state, created_at, attempts, next_attempt_at)
            SELECT {OrderedId}, @tenant, @type,
                   jsonb_build_object('entryId', id, 'personId', person_id, 'points', points, 'reason', reason, 'sourceId', source_id,
                                      'creditedAt', occurred_at),
                   @traceparent, @tracestate, @now, 0, @now
            FROM inserted
            WHERE NOT @all
        ),
        recomputed AS (
            INSERT INTO outbox_messages (id, tenant_id, type, payload, trace_parent, trace_state, created_at, attempts, next_attempt_at)
            SELECT {OrderedId}, @tenant, @recomputedType,
                   jsonb_build_object('recomputeId', gen_random_uuid(), 'personId', person_id, 'points', sum(points), 'entries', count(*),
                                      'ruleVersion', max(rule_version), 'yearOf', min(occurred_at), 'recomputedAt', @now),
                   @traceparent, @tracestate, @now, 0, @now
            FROM inserted
            WHERE @all
            GROUP BY person_id, {Year("occurred_at")}
            HAVING sum(points) <> 0
        )
        SELECT person_id, min(occurred_at), count(*), bool_or(points <> 0) FROM inserted GROUP BY person_id, {Month("occurred_at")}
        """;
    }
}
