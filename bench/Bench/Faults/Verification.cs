using Npgsql;

namespace SheqingMinyi.Bench.Faults;

/// <summary>The three counts of a fault run, read from the stores themselves (owner logins: across row security).</summary>
public sealed record FaultCounts(int AcknowledgedWritesLost, int EventsLost, int AppliedTwice, int OutboxUnpublished)
{
    /// <summary>The writer's points on the leaderboard minus their ledger total: above 0 counted twice, below lost.</summary>
    public decimal BoardOffBy { get; init; }

    public bool Clean => AcknowledgedWritesLost == 0 && EventsLost == 0 && AppliedTwice == 0 && BoardOffBy == 0;
}

public static class Verification
{
    /// <summary>
    /// Acknowledged writes lost: an acknowledged create missing from intake's database, or an acknowledged submit
    /// whose row is not submitted. Applied twice: a title (one per item) stored more than once, or more than one
    /// "submitted" ledger entry for a submission. Events lost: an acknowledged submit with no "submitted" entry in
    /// scoring's ledger.
    /// </summary>
    public static async Task<FaultCounts> CountAsync(FaultPlatform platform, string tag, LoadResult load, CancellationToken ct)
    {
        var created = load.Created.Values.ToArray();
        var submitted = load.Submitted.ToArray();
        await using var intake = new NpgsqlConnection(platform.Unpooled("Intake.Api", "intakedb-owner"));
        await intake.OpenAsync(ct);

        var status = new Dictionary<Guid, string>();
        await using (var command = new NpgsqlCommand("SELECT id, status FROM submissions WHERE id = ANY($1)", intake))
        {
            command.Parameters.AddWithValue(created);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) status[reader.GetGuid(0)] = reader.GetString(1);
        }
        var writesLost = created.Count(id => !status.ContainsKey(id))
            + submitted.Count(id => status.TryGetValue(id, out var s) && s != "Submitted");

        var duplicateRows = await ScalarAsync(intake, """
            SELECT coalesce(sum(n - 1), 0)::int FROM (SELECT count(*) AS n FROM submissions WHERE title LIKE $1 GROUP BY title) t
            """, $"故障演练 {tag} #%", ct);
        var unpublished = await ScalarAsync(intake, """
            SELECT count(*)::int FROM outbox_messages
            WHERE published_at IS NULL AND type = 'SubmissionSubmitted' AND (payload->>'submissionId')::uuid = ANY($1)
            """, submitted, ct);

        await using var scoring = new NpgsqlConnection(platform.Unpooled("Scoring.Api", "scoringdb-owner"));
        await scoring.OpenAsync(ct);
        var entries = new Dictionary<Guid, int>();
        await using (var command = new NpgsqlCommand(
            "SELECT source_id, count(*)::int FROM ledger_entries WHERE reason = 'submitted' AND source_id = ANY($1) GROUP BY source_id", scoring))
        {
            command.Parameters.AddWithValue(submitted);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) entries[reader.GetGuid(0)] = reader.GetInt32(1);
        }
        var eventsLost = submitted.Count(id => !entries.ContainsKey(id));
        var ledgerTwice = entries.Values.Sum(n => n - 1);
        return new FaultCounts(writesLost, eventsLost, duplicateRows + ledgerTwice, unpublished);
    }

    private static async Task<int> ScalarAsync(NpgsqlConnection connection, string sql, object parameter, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(parameter);
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }
}
