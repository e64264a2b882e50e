using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Leaderboards;

/// <summary>A person's points in a period and the number of ledger entries they sum (the snapshot's size).</summary>
public sealed record PersonTotal(Guid PersonId, decimal Points, long Entries);

/// <summary>
/// The ledger's totals the boards are set from, read on the context's connection (so row security and the tenant
/// session apply) with plain SQL: one indexed query per applied entry, one streamed GROUP BY per rebuild.
/// </summary>
public static class LedgerTotals
{
    private const string RebuildWorkMem = "64MB";

    /// <summary>
    /// One person's totals in each of <paramref name="periods"/> (nested: the first contains the others, as a year
    /// contains its quarter and month), in one query with filtered aggregates.
    /// </summary>
    public static async Task<IReadOnlyList<PersonTotal>> OfPersonAsync(ScoringDbContext db, string tenantId, Guid personId,
        IReadOnlyList<ScoringPeriod> periods, CancellationToken ct)
    {
        var aggregates = string.Join(",\n", periods.Select((_, i) =>
            $"coalesce(sum(points) FILTER (WHERE occurred_at >= @s{i} AND occurred_at < @e{i}), 0), " +
            $"count(*) FILTER (WHERE occurred_at >= @s{i} AND occurred_at < @e{i})"));
        var sql = $"""
            SELECT {aggregates}
            FROM ledger_entries
            WHERE tenant_id = @tenant AND person_id = @person AND occurred_at >= @s0 AND occurred_at < @e0
            """;
        var totals = new List<PersonTotal>();
        await RunAsync(db, sql, command =>
        {
            command.Parameters.Add(new NpgsqlParameter("tenant", tenantId));
            command.Parameters.Add(new NpgsqlParameter("person", personId));
            for (var i = 0; i < periods.Count; i++)
            {
                command.Parameters.Add(new NpgsqlParameter($"s{i}", periods[i].Start));
                command.Parameters.Add(new NpgsqlParameter($"e{i}", periods[i].End));
            }
        }, async reader =>
        {
            await reader.ReadAsync(ct);
            for (var i = 0; i < periods.Count; i++)
                totals.Add(new PersonTotal(personId, reader.GetDecimal(2 * i), reader.GetInt64(2 * i + 1)));
        }, ct);
        return totals;
    }

    /// <summary>Every person's totals in a period, streamed (one snapshot) so a rebuild never holds them all. A person
    /// with only 0-point entries (unpriced facts) is not on the board, as no apply puts them there; the count still
    /// covers every entry, as an apply's does.</summary>
    public static async IAsyncEnumerable<PersonTotal> PerPersonAsync(ScoringDbContext db, string tenantId, ScoringPeriod period,
        [EnumeratorCancellation] CancellationToken ct)
    {
        const string sql = """
            SELECT person_id, sum(points), count(*)
            FROM ledger_entries
            WHERE tenant_id = @tenant AND occurred_at >= @start AND occurred_at < @end
            GROUP BY person_id
            HAVING bool_or(points <> 0)
            """;
        await foreach (var row in RowsAsync(db, RebuildWorkMem, sql, tenantId, period.Start, period.End, ct))
            yield return new PersonTotal(row.GetGuid(0), row.GetDecimal(1), row.GetInt64(2));
    }

    /// <summary>
    /// Every person's totals in each of <paramref name="periods"/> (years, quarters, months) from one scan of the ledger:
    /// a GROUPING SETS query sums each person's entries by Beijing month, quarter and year at once, where one GROUP BY
    /// per period read a year's entries three times over (year, its quarters, its months). Streamed; rows of periods
    /// not asked for are skipped. What a rule change's board switch fills its next boards from.
    /// </summary>
    public static async IAsyncEnumerable<(string Period, PersonTotal Total)> PerPersonInPeriodsAsync(ScoringDbContext db, string tenantId,
        IReadOnlyCollection<ScoringPeriod> periods, [EnumeratorCancellation] CancellationToken ct)
    {
        const string sql = """
            SELECT person_id, month, quarter, year, sum(points), count(*)
            FROM (SELECT person_id, points, date_trunc('month', local) AS month, date_trunc('quarter', local) AS quarter,
                         date_trunc('year', local) AS year
                  FROM (SELECT person_id, points, (occurred_at AT TIME ZONE 'UTC') + interval '8 hours' AS local
                        FROM ledger_entries
                        WHERE tenant_id = @tenant AND occurred_at >= @start AND occurred_at < @end) l) e
            GROUP BY GROUPING SETS ((person_id, month), (person_id, quarter), (person_id, year))
            HAVING bool_or(points <> 0)
            """;
        var wanted = periods.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        // Three hash aggregates of up to persons × months groups.
        await foreach (var row in RowsAsync(db, "512MB", sql, tenantId, periods.Min(p => p.Start), periods.Max(p => p.End), ct))
        {
            var key = !row.IsDBNull(1) ? $"{row.GetDateTime(1):yyyy-MM}"
                : !row.IsDBNull(2) ? $"{row.GetDateTime(2):yyyy}-Q{(row.GetDateTime(2).Month - 1) / 3 + 1}"
                : $"{row.GetDateTime(3):yyyy}";
            if (wanted.Contains(key)) yield return (key, new PersonTotal(row.GetGuid(0), row.GetDecimal(4), row.GetInt64(5)));
        }
    }

    /// <summary>
    /// A tenant's ledger query over [start, end), streamed row by row (one snapshot) on the context's connection. For
    /// this query only: <paramref name="workMem"/> to hash 100k+ persons without spilling to disk (the 4 MB default
    /// sorts on disk and doubled the time at 1M rows), and no JIT (its compile time is most of a small rebuild). Inside
    /// a caller's transaction (a board switch holding its lock) the settings last until that one ends.
    /// </summary>
    private static async IAsyncEnumerable<DbDataReader> RowsAsync(ScoringDbContext db, string workMem, string sql, string tenantId,
        DateTimeOffset start, DateTimeOffset end, [EnumeratorCancellation] CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            await db.Database.ExecuteSqlRawAsync($"SET LOCAL work_mem = '{workMem}'; SET LOCAL jit = off", ct);
            await using var command = Command(db);
            command.CommandText = sql;
            command.Parameters.Add(new NpgsqlParameter("tenant", tenantId));
            command.Parameters.Add(new NpgsqlParameter("start", start));
            command.Parameters.Add(new NpgsqlParameter("end", end));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) yield return reader;
            await reader.CloseAsync();
            if (transaction is not null) await transaction.CommitAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static DbCommand Command(ScoringDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static async Task RunAsync(ScoringDbContext db, string sql, Action<DbCommand> parameters, Func<DbDataReader, Task> read,
        CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = Command(db);
            command.CommandText = sql;
            parameters(command);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await read(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
