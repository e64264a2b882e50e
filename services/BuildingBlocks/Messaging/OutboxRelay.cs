using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>
/// Publishes outbox rows. Woken by LISTEN/NOTIFY (the insert trigger) with a polling fallback; rows are claimed
/// with FOR UPDATE SKIP LOCKED so replicas share the work; a failed publish is retried with exponential backoff
/// for as long as it takes, so an acknowledged write's event is never lost. After a pass it wakes the consumers of
/// the streams it writes (<see cref="MessagingOptions.WakeOnPublish"/>): at a stream's first entry, and once more at
/// the end of the pass for a stream that got more. No debounce anywhere: a commit's NOTIFY starts a pass at once.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource, IEventTransport transport, IOptions<MessagingOptions> options, ILogger<OutboxRelay> logger)
    : BackgroundService
{
    private readonly WakeSignal _wake = new();

    /// <summary>The oldest due rows, served by the partial index ix_outbox_due (created_at, unpublished rows only).</summary>
    public const string DueRowsSql = """
        SELECT id, tenant_id, type, payload, trace_parent, trace_state, created_at, attempts
        FROM outbox_messages
        WHERE published_at IS NULL AND next_attempt_at <= now()
        ORDER BY created_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = ListenAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            int published;
            try
            {
                published = await PublishDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Outbox relay pass failed; retrying after the poll interval");
                published = 0;
            }
            if (published < options.Value.RelayBatchSize)
                await WaitForWorkAsync(stoppingToken);
        }
    }

    /// <summary>One pass: claim due rows, publish each, record the outcome. Returns how many were published.</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var due = new List<(EventEnvelope Envelope, int Attempts)>();
        await using (var select = new NpgsqlCommand(DueRowsSql, connection, transaction))
        {
            select.Parameters.AddWithValue(settings.RelayBatchSize);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                due.Add((new EventEnvelope(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.GetFieldValue<DateTimeOffset>(6)), reader.GetInt32(7)));
        }

        var published = new List<Guid>();
        var perType = new Dictionary<string, int>(); // entries written per stream in this pass
        string? transportError = null;
        foreach (var (envelope, attempts) in due)
        {
            if (transportError is not null)
            {
                // The transport just failed: don't wait out a timeout per row, back them all off together.
                await MarkFailedAsync(connection, transaction, envelope.Id, Backoff(attempts + 1, settings.MaxPublishBackoff), transportError, ct);
                continue;
            }
            using var activity = StartPublishActivity(envelope);
            try
            {
                await transport.PublishAsync(envelope with { TraceParent = activity?.Id ?? envelope.TraceParent }, ct);
                // A stream's first entry wakes its consumers at once; the rest of a batch is one more wake-up below.
                if ((perType[envelope.Type] = perType.GetValueOrDefault(envelope.Type) + 1) == 1)
                    await WakeConsumersAsync([envelope.Type]);
                MessagingTelemetry.Published.Add(1);
                MessagingTelemetry.OutboxLag.Record((DateTimeOffset.UtcNow - envelope.OccurredAt).TotalSeconds);
                published.Add(envelope.Id);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                MessagingTelemetry.PublishFailures.Add(1);
                var delay = Backoff(attempts + 1, settings.MaxPublishBackoff);
                logger.LogWarning("Publishing {Type} {Id} failed (attempt {Attempt}); next try in {Delay}: {Error}",
                    envelope.Type, envelope.Id, attempts + 1, delay, ex.Message);
                await MarkFailedAsync(connection, transaction, envelope.Id, delay, ex.Message, ct);
                transportError = ex.Message;
            }
        }
        await WakeConsumersAsync([.. perType.Where(t => t.Value > 1).Select(t => t.Key)]);
        await MarkPublishedAsync(connection, transaction, published, ct);
        await transaction.CommitAsync(ct);
        return published.Count;
    }

    /// <summary>0.5 s, 1 s, 2 s, ... capped: quick recovery from a blip without hammering a store that is down.</summary>
    public static TimeSpan Backoff(int attempt, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(attempt - 1, 16))));

    private static Activity? StartPublishActivity(EventEnvelope envelope)
    {
        var activity = MessagingTelemetry.Source.StartActivity($"publish {envelope.Type}", ActivityKind.Producer, envelope.ParentContext);
        activity?.SetTag("messaging.system", "redis-streams");
        activity?.SetTag("messaging.message.id", envelope.Id.ToString());
        activity?.SetTag("sqmy.tenant", envelope.TenantId);
        return activity;
    }

    /// <summary>One statement for the pass's published rows: the rows are marked in the pass's transaction whichever
    /// way, so a crash before its commit republishes them all (the consumers' inboxes drop the copies) either way.</summary>
    private static async Task MarkPublishedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        await using var update = new NpgsqlCommand(
            "UPDATE outbox_messages SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1)",
            connection, transaction);
        update.Parameters.AddWithValue(ids.ToArray());
        await update.ExecuteNonQueryAsync(ct);
    }

    private static async Task MarkFailedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, TimeSpan delay, string error, CancellationToken ct)
    {
        await using var update = new NpgsqlCommand(
            "UPDATE outbox_messages SET attempts = attempts + 1, next_attempt_at = now() + $2, last_error = $3 WHERE id = $1",
            connection, transaction);
        update.Parameters.AddWithValue(id);
        update.Parameters.AddWithValue(delay);
        update.Parameters.AddWithValue(error.Length > 2000 ? error[..2000] : error);
        await update.ExecuteNonQueryAsync(ct);
    }

    private async Task WakeConsumersAsync(IReadOnlyCollection<string> types)
    {
        if (types.Count == 0) return;
        try { await transport.WakeConsumersAsync(types); }
        catch (Exception ex) { logger.LogDebug(ex, "Waking the consumers failed; they find the events on their next poll"); }
    }

    /// <summary>Until a NOTIFY (or the poll interval); the wake-ups that came during a pass make one more pass.</summary>
    private async Task WaitForWorkAsync(CancellationToken ct)
    {
        try { await _wake.WaitAsync(options.Value.RelayPollInterval, ct); }
        catch (OperationCanceledException) { }
    }

    /// <summary>Holds a LISTEN connection; reconnects after failures. Polling covers any gap.</summary>
    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => _wake.Set();
                await using (var listen = new NpgsqlCommand($"LISTEN {MessagingModel.NotifyChannel}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                _wake.Set(); // catch up on anything inserted before we listened
                while (!ct.IsCancellationRequested)
                    await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Outbox LISTEN connection lost; polling until it is back");
                try { await Task.Delay(options.Value.RelayPollInterval, ct); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
