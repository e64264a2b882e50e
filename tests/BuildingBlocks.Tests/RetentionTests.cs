using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.BuildingBlocks.Messaging;

namespace SheqingMinyi.BuildingBlocks.Tests;

/// <summary>Housekeeping removes what has outlived its retention, in batches, and nothing that is still needed.</summary>
public sealed class RetentionTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private async Task<Guid> OutboxRowAsync(string? publishedAgo, string createdAgo = "0 days")
    {
        var id = Guid.NewGuid();
        await fixture.CountAsync($"""
            INSERT INTO outbox_messages (id, tenant_id, type, payload, created_at, published_at, attempts, next_attempt_at)
            VALUES ($1, 'tenant-p', 'WidgetCreated', jsonb_build_object(), now() - interval '{createdAgo}',
                    {(publishedAgo is null ? "NULL" : $"now() - interval '{publishedAgo}'")}, 0, now()) RETURNING 1
            """, id);
        return id;
    }

    private async Task<Guid> InboxRowAsync(string ago)
    {
        var id = Guid.NewGuid();
        await fixture.CountAsync($"INSERT INTO inbox_messages (consumer, event_id, type, processed_at) VALUES ('c', $1, 'T', now() - interval '{ago}') RETURNING 1", id);
        return id;
    }

    private async Task<Guid> DeadLetterAsync(string failedAgo, string? replayedAgo)
    {
        var id = Guid.NewGuid();
        await fixture.CountAsync($"""
            INSERT INTO dead_letters (id, consumer, event_id, tenant_id, type, payload, error, attempts, failed_at, replayed_at)
            VALUES ($1, 'c', $1, 'tenant-p', 'T', jsonb_build_object(), 'boom', 5, now() - interval '{failedAgo}',
                    {(replayedAgo is null ? "NULL" : $"now() - interval '{replayedAgo}'")}) RETURNING 1
            """, id);
        return id;
    }

    private Task<long> ExistsAsync(string table, string column, Guid id) =>
        fixture.CountAsync($"SELECT count(*) FROM {table} WHERE {column} = $1", id);

    [Fact]
    public async Task Prunes_old_published_outbox_old_inbox_and_old_replayed_dead_letters_only()
    {
        var oldPublished = await OutboxRowAsync("8 days", "9 days");
        var recentPublished = await OutboxRowAsync("6 days", "6 days");
        var oldUnpublished = await OutboxRowAsync(null, "60 days");
        var oldInbox = await InboxRowAsync("31 days");
        var recentInbox = await InboxRowAsync("29 days");
        var oldReplayed = await DeadLetterAsync("40 days", "31 days");
        var oldUnreplayed = await DeadLetterAsync("400 days", null);
        var recentReplayed = await DeadLetterAsync("40 days", "1 day");

        var pruned = await new MessagingRetention(fixture.DataSource, Options.Create(new RetentionOptions { BatchSize = 1 }))
            .PruneAsync(CancellationToken.None);

        Assert.True(pruned >= 3, $"pruned {pruned}");
        Assert.Equal(0, await ExistsAsync("outbox_messages", "id", oldPublished));
        Assert.Equal(1, await ExistsAsync("outbox_messages", "id", recentPublished));
        Assert.Equal(1, await ExistsAsync("outbox_messages", "id", oldUnpublished)); // never published: never pruned
        Assert.Equal(0, await ExistsAsync("inbox_messages", "event_id", oldInbox));
        Assert.Equal(1, await ExistsAsync("inbox_messages", "event_id", recentInbox));
        Assert.Equal(0, await ExistsAsync("dead_letters", "id", oldReplayed));
        Assert.Equal(1, await ExistsAsync("dead_letters", "id", oldUnreplayed)); // waits for an operator
        Assert.Equal(1, await ExistsAsync("dead_letters", "id", recentReplayed));
    }
}
