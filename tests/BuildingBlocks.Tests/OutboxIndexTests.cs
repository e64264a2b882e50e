using Npgsql;
using SheqingMinyi.BuildingBlocks.Messaging;

namespace SheqingMinyi.BuildingBlocks.Tests;

/// <summary>The relay's query stays an index scan that stops at the batch, however long the queue or the history.</summary>
public sealed class OutboxIndexTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    [Fact]
    public async Task Over_100k_pending_and_100k_published_rows_the_relay_query_is_a_bounded_index_scan()
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using (var fill = new NpgsqlCommand("""
            INSERT INTO outbox_messages (id, tenant_id, type, payload, created_at, published_at, attempts, next_attempt_at)
            SELECT gen_random_uuid(), 'tenant-' || (i % 50), 'Filler', '{}'::jsonb, now() - make_interval(secs => i),
                   CASE WHEN i % 2 = 0 THEN now() END, 0, now() - interval '1 second'
            FROM generate_series(1, 200000) AS i;
            ANALYZE outbox_messages;
            """, connection))
            await fill.ExecuteNonQueryAsync();

        await using var transaction = await connection.BeginTransactionAsync();
        await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, FORMAT TEXT) {OutboxRelay.DueRowsSql}", connection, transaction);
        explain.Parameters.AddWithValue(100);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        await transaction.RollbackAsync();
        var text = string.Join('\n', plan);

        Assert.Contains("Index Scan using ix_outbox_due on outbox_messages", text);
        Assert.DoesNotContain("Seq Scan", text);
        Assert.DoesNotContain("Sort", text);
        // It stops at the batch: the index scan returns at most the 100 rows asked for.
        var scan = plan.Single(l => l.Contains("Index Scan using ix_outbox_due"));
        Assert.Matches(@"actual time=\S+ rows=100 loops=1", scan);

        await using var cleanup = new NpgsqlCommand("DELETE FROM outbox_messages WHERE type = 'Filler'", connection);
        await cleanup.ExecuteNonQueryAsync();
    }
}
