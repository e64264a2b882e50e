using SheqingMinyi.BuildingBlocks.Messaging;

namespace SheqingMinyi.BuildingBlocks.Tests;

public sealed class OutboxRelayTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private async Task<List<Guid>> StageAsync(string tenant, params string[] names)
    {
        await using var db = fixture.NewContext();
        var ids = names.Select(n => db.AddEvent(tenant, new WidgetCreated(n)).Id).ToList();
        await db.SaveChangesAsync();
        return ids;
    }

    private Task<long> UnpublishedAsync(IEnumerable<Guid> ids) =>
        fixture.CountAsync("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL AND id = ANY($1)", ids.ToArray());

    [Fact]
    public async Task Publishes_pending_rows_to_the_stream_once_and_marks_them()
    {
        var options = fixture.Options();
        var ids = await StageAsync("tenant-a", "one", "two", "three");
        var relay = fixture.Relay(options);

        var published = await relay.PublishDueAsync(CancellationToken.None);
        var again = await relay.PublishDueAsync(CancellationToken.None);

        Assert.True(published >= 3);
        Assert.Equal(0, again);
        Assert.Equal(0, await UnpublishedAsync(ids));
        var entries = await fixture.Redis.GetDatabase().StreamRangeAsync(options.Value.StreamKey(nameof(WidgetCreated)));
        var envelopes = entries.Select(RedisStreamTransport.Read).Where(e => ids.Contains(e.Id)).ToList();
        Assert.Equal(ids.Order(), envelopes.Select(e => e.Id).Order());
        Assert.All(envelopes, e => Assert.Equal("tenant-a", e.TenantId));
        Assert.Equal(["one", "two", "three"], envelopes.Select(e => e.Deserialize<WidgetCreated>().Name));
    }

    [Fact]
    public async Task A_failed_publish_stays_pending_with_backoff_and_succeeds_when_retried()
    {
        var options = fixture.Options();
        var relay = fixture.Relay(options);
        await relay.PublishDueAsync(CancellationToken.None); // drain rows other tests left due
        var flaky = new FlakyTransport(new RedisStreamTransport(fixture.Redis, options), failures: 1);
        relay = fixture.Relay(options, flaky);
        var ids = await StageAsync("tenant-a", "retry-me");

        Assert.Equal(0, await relay.PublishDueAsync(CancellationToken.None));
        Assert.Equal(1, await UnpublishedAsync(ids));
        Assert.Equal(1, await fixture.CountAsync(
            "SELECT count(*) FROM outbox_messages WHERE id = $1 AND attempts = 1 AND last_error LIKE '%redis is down%' AND next_attempt_at > now()", ids[0]));

        // Not due yet: the backoff holds it back.
        Assert.Equal(0, await relay.PublishDueAsync(CancellationToken.None));
        Assert.Equal(1, flaky.Calls);

        // Time passes (the backoff elapses): the retry publishes it.
        await fixture.CountAsync("UPDATE outbox_messages SET next_attempt_at = now() WHERE id = $1 RETURNING 1", ids[0]);
        Assert.Equal(1, await relay.PublishDueAsync(CancellationToken.None));
        Assert.Equal(0, await UnpublishedAsync(ids));
        Assert.Equal(2, flaky.Calls);
    }

    [Fact]
    public async Task When_the_transport_is_down_a_pass_backs_off_the_whole_batch_after_one_try()
    {
        var options = fixture.Options();
        await fixture.Relay(options).PublishDueAsync(CancellationToken.None);
        var down = new FlakyTransport(new RedisStreamTransport(fixture.Redis, options), failures: int.MaxValue);
        var ids = await StageAsync("tenant-a", "a", "b", "c", "d", "e");

        await fixture.Relay(options, down).PublishDueAsync(CancellationToken.None);

        Assert.Equal(1, down.Calls);
        Assert.Equal(5, await UnpublishedAsync(ids));
        Assert.Equal(5, await fixture.CountAsync("SELECT count(*) FROM outbox_messages WHERE id = ANY($1) AND attempts = 1", ids.ToArray()));
    }

    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    [InlineData(3, 2000)]
    [InlineData(6, 16000)]
    [InlineData(7, 30000)]
    [InlineData(1000, 30000)]
    public void Backoff_doubles_from_half_a_second_up_to_the_cap(int attempt, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), OutboxRelay.Backoff(attempt, TimeSpan.FromSeconds(30)));

    [Fact]
    public async Task Two_relays_working_at_once_publish_every_row_exactly_once()
    {
        var options = fixture.Options(o => o.RelayBatchSize = 20);
        await fixture.Relay(options).PublishDueAsync(CancellationToken.None);
        var ids = await StageAsync("tenant-b", [.. Enumerable.Range(0, 200).Select(i => $"w{i}")]);
        var relays = new[] { fixture.Relay(options), fixture.Relay(options) };

        var totals = await Task.WhenAll(relays.Select(async relay =>
        {
            var total = 0;
            for (int n; (n = await relay.PublishDueAsync(CancellationToken.None)) > 0;) total += n;
            return total;
        }));

        Assert.True(totals.Sum() >= 200); // rows other tests left due may ride along
        var entries = await fixture.Redis.GetDatabase().StreamRangeAsync(options.Value.StreamKey(nameof(WidgetCreated)));
        var published = entries.Select(RedisStreamTransport.Read).Select(e => e.Id).Where(ids.Contains).ToList();
        Assert.Equal(200, published.Count);
        Assert.Equal(200, published.Distinct().Count());
    }

    [Fact]
    public async Task A_commit_wakes_the_running_relay_long_before_its_poll_interval()
    {
        var options = fixture.Options(o => o.RelayPollInterval = TimeSpan.FromMinutes(10));
        var relay = fixture.Relay(options);
        await relay.StartAsync(CancellationToken.None);
        try
        {
            // The first row is caught up when the relay starts listening; the second can only come from NOTIFY.
            var first = await StageAsync("tenant-a", "first");
            await SheqingMinyi.Tests.Eventually.GetAsync(() => UnpublishedAsync(first), n => n == 0, TimeSpan.FromSeconds(20), "first published");
            var second = await StageAsync("tenant-a", "second");
            await SheqingMinyi.Tests.Eventually.GetAsync(() => UnpublishedAsync(second), n => n == 0, TimeSpan.FromSeconds(20), "second published after NOTIFY");
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }
}
