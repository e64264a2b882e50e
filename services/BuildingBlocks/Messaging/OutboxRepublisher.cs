using Npgsql;

namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>
/// Puts outbox rows created since a point in time back in the relay's queue, for every tenant: after Redis lost
/// data (wiped, restored from an old snapshot, the last second before a crash under appendfsync everysec), the
/// outbox is the source of truth and the consumers' inboxes turn the events they already applied into no-ops.
/// Depends on Npgsql only: the AppHost compiles it in for its dashboard command.
/// </summary>
public static class OutboxRepublisher
{
    /// <summary>The channel the outbox insert trigger notifies and the relays listen on.</summary>
    public const string NotifyChannel = "sqmy_outbox";

    public static async Task<int> RepublishSinceAsync(NpgsqlDataSource dataSource, DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var update = new NpgsqlCommand("""
            UPDATE outbox_messages SET published_at = NULL, next_attempt_at = now(), last_error = NULL
            WHERE created_at >= $1 AND published_at IS NOT NULL
            """, connection, transaction);
        update.Parameters.AddWithValue(since);
        var count = await update.ExecuteNonQueryAsync(ct);
        // Wake the relays now (delivered at commit) rather than at their next poll.
        await using (var notify = new NpgsqlCommand($"SELECT pg_notify('{NotifyChannel}', '')", connection, transaction))
            await notify.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return count;
    }

    public sealed record OutboxStatus(long Pending, long Failing, DateTimeOffset? OldestPendingAt, long PublishedLastDay, DateTimeOffset? OldestKeptAt);

    /// <summary>What an operator checks before and after a republish: the queue and how far back it can reach.</summary>
    public static async Task<OutboxStatus> StatusAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var query = dataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE published_at IS NULL),
                   count(*) FILTER (WHERE published_at IS NULL AND last_error IS NOT NULL),
                   min(created_at) FILTER (WHERE published_at IS NULL),
                   count(*) FILTER (WHERE published_at > now() - interval '1 day'),
                   min(created_at)
            FROM outbox_messages
            """);
        await using var reader = await query.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
        return new OutboxStatus(reader.GetInt64(0), reader.GetInt64(1), At(2), reader.GetInt64(3), At(4));
    }
}
