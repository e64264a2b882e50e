using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Tests;

namespace SheqingMinyi.BuildingBlocks.Tests;

/// <summary>Redis loses its streams mid-flow; republishing the outbox from before the loss applies every event exactly once.</summary>
public sealed class RepublishTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private async Task<Guid[]> StageAsync(string tenant, string prefix, int count)
    {
        await using var db = fixture.NewContext();
        var ids = Enumerable.Range(0, count).Select(i => db.AddEvent(tenant, new WidgetCreated($"{prefix}{i}")).Id).ToArray();
        await db.SaveChangesAsync();
        return ids;
    }

    private Task<long> WidgetsAsync(Guid[] ids) => fixture.CountAsync("SELECT count(*) FROM widgets WHERE event_id = ANY($1)", ids);

    [Fact]
    public async Task After_redis_is_wiped_a_republish_applies_each_event_exactly_once()
    {
        var options = fixture.Options();
        var relay = fixture.Relay(options);
        await using var services = fixture.Services(options, (subscriptions, s) =>
        {
            s.AddScoped<CreateWidget>();
            subscriptions.Add<WidgetCreated, CreateWidget>();
        });
        var consumer = services.GetRequiredService<StreamConsumer<MessagingTestDbContext>>();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);

        // Before the loss: ten events published and applied.
        var applied = await StageAsync("tenant-r", "before", 10);
        while (await relay.PublishDueAsync(CancellationToken.None) > 0) { }
        await consumer.StartAsync(CancellationToken.None);
        await Eventually.GetAsync(() => WidgetsAsync(applied), n => n == 10, what: "first ten applied");
        await consumer.StopAsync(CancellationToken.None);

        // Five more published, then Redis loses everything (streams and groups) before they are read.
        var lost = await StageAsync("tenant-r", "lost", 5);
        while (await relay.PublishDueAsync(CancellationToken.None) > 0) { }
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM outbox_messages WHERE id = ANY($1) AND published_at IS NULL", lost));
        await fixture.Redis.GetDatabase().KeyDeleteAsync(options.Value.StreamKey(nameof(WidgetCreated)));

        var republished = await OutboxRepublisher.RepublishSinceAsync(fixture.DataSource, since, CancellationToken.None);
        Assert.True(republished >= 15, $"republished {republished}");
        while (await relay.PublishDueAsync(CancellationToken.None) > 0) { }
        await consumer.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.GetAsync(() => WidgetsAsync(lost), n => n == 5, what: "the lost five applied");
            await Eventually.GetAsync(async () => (await fixture.Redis.GetDatabase().StreamPendingAsync(
                options.Value.StreamKey(nameof(WidgetCreated)), "test-consumer")).PendingMessageCount, n => n == 0, what: "all read");
            Assert.Equal(10, await WidgetsAsync(applied));
            Assert.Equal(5, await WidgetsAsync(lost));
            Assert.Equal(15, await fixture.CountAsync("SELECT count(*) FROM inbox_messages WHERE event_id = ANY($1)", applied.Concat(lost).ToArray()));
        }
        finally
        {
            await consumer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Republish_touches_only_published_rows_created_since_the_given_time()
    {
        var relay = fixture.Relay(fixture.Options());
        var old = await StageAsync("tenant-s", "old", 2);
        while (await relay.PublishDueAsync(CancellationToken.None) > 0) { }
        await fixture.CountAsync("UPDATE outbox_messages SET created_at = now() - interval '2 hours' WHERE id = ANY($1) RETURNING 1", old);
        var recent = await StageAsync("tenant-s", "recent", 3);
        while (await relay.PublishDueAsync(CancellationToken.None) > 0) { }

        await OutboxRepublisher.RepublishSinceAsync(fixture.DataSource, DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);

        Assert.Equal(3, await fixture.CountAsync("SELECT count(*) FROM outbox_messages WHERE id = ANY($1) AND published_at IS NULL", recent));
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM outbox_messages WHERE id = ANY($1) AND published_at IS NULL", old));
    }
}
