using Microsoft.Extensions.Options;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Maintenance;

namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>Prunes published outbox rows, old inbox rows and replayed dead letters, as the owner (all tenants), in batches.</summary>
public sealed class MessagingRetention(NpgsqlDataSource dataSource, IOptions<RetentionOptions> options) : IRetentionTask
{
    public string Name => "messaging rows";

    public async Task<long> PruneAsync(CancellationToken ct)
    {
        var settings = options.Value;
        return await PruneBatchesAsync("outbox_messages", "published_at IS NOT NULL AND published_at < $1", settings.PublishedOutbox, ct)
            + await PruneBatchesAsync("inbox_messages", "processed_at < $1", settings.Inbox, ct)
            + await PruneBatchesAsync("dead_letters", "replayed_at IS NOT NULL AND replayed_at < $1", settings.ReplayedDeadLetters, ct);
    }

    private async Task<long> PruneBatchesAsync(string table, string condition, TimeSpan keep, CancellationToken ct)
    {
        var cutoff = DateTimeOffset.UtcNow - keep;
        long total = 0;
        while (true)
        {
            await using var delete = dataSource.CreateCommand(
                $"DELETE FROM {table} WHERE ctid IN (SELECT ctid FROM {table} WHERE {condition} LIMIT $2)");
            delete.Parameters.AddWithValue(cutoff);
            delete.Parameters.AddWithValue(options.Value.BatchSize);
            var deleted = await delete.ExecuteNonQueryAsync(ct);
            total += deleted;
            if (deleted < options.Value.BatchSize) return total;
        }
    }
}
