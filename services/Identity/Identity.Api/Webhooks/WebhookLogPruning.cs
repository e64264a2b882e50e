using Microsoft.Extensions.Options;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Maintenance;

namespace SheqingMinyi.Identity.Webhooks;

/// <summary>Finished deliveries (succeeded or failed) older than <see cref="WebhookOptions.LogRetention"/> go, with their
/// attempts (cascade), in batches; pending ones stay whatever their age. Across tenants, so the owner's login.</summary>
public sealed class WebhookLogPruning(NpgsqlDataSource ownerSource, IOptions<WebhookOptions> options, IOptions<RetentionOptions> retention) : IRetentionTask
{
    public string Name => "finished webhook deliveries";

    public async Task<long> PruneAsync(CancellationToken ct)
    {
        long total = 0;
        while (true)
        {
            await using var command = ownerSource.CreateCommand("""
                DELETE FROM webhook_deliveries WHERE id IN (
                    SELECT id FROM webhook_deliveries WHERE status <> 'Pending' AND created_at < now() - $1 LIMIT $2)
                """);
            command.Parameters.AddWithValue(options.Value.LogRetention);
            command.Parameters.AddWithValue(retention.Value.BatchSize);
            var deleted = await command.ExecuteNonQueryAsync(ct);
            total += deleted;
            if (deleted < retention.Value.BatchSize) return total;
        }
    }
}
