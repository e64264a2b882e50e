using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Tests;
using StackExchange.Redis;

namespace SheqingMinyi.BuildingBlocks.Tests;

/// <summary>
/// Consumers woken by the relay's pub/sub wake-up: they poll only every ten minutes here, so an event applied within
/// the usual wait can only have come through a wake-up; with wake-ups off the same event stays unread.
/// </summary>
public sealed class WakeUpTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private static readonly TimeSpan NeverByPolling = TimeSpan.FromMinutes(10);

    private IOptions<MessagingOptions> Options(string prefix, bool wake, string name = "relay") => fixture.Options(o =>
    {
        o.StreamPrefix = prefix;
        o.ConsumerName = name;
        o.WakeOnPublish = wake;
        o.ConsumerPollInterval = NeverByPolling;
        o.RelayBatchSize = 20;
    });

    /// <summary>One "process": its own provider and consumer name, on a shared stream prefix.</summary>
    private (ServiceProvider Services, StreamConsumer<MessagingTestDbContext> Consumer) Process(string prefix, string name, bool wake)
    {
        var services = fixture.Services(Options(prefix, wake, name), (subscriptions, s) =>
        {
            s.AddScoped<CreateWidget>();
            subscriptions.Add<WidgetCreated, CreateWidget>();
        });
        return (services, services.GetRequiredService<StreamConsumer<MessagingTestDbContext>>());
    }

    private static string Key(string prefix) => $"{prefix}:events:{nameof(WidgetCreated)}";

    /// <summary>Waits until every named consumer has read once and gone quiet: it now sleeps out its poll interval.</summary>
    private async Task AsleepAsync(string prefix, params string[] names) =>
        await Eventually.GetAsync(async () =>
        {
            try
            {
                var consumers = await fixture.Redis.GetDatabase().StreamConsumerInfoAsync(Key(prefix), "test-consumer");
                return names.Count(n => consumers.Any(c => c.Name == n && c.IdleTimeInMilliseconds >= 500));
            }
            catch (RedisServerException) { return 0; } // the stream or group is not there yet
        }, n => n == names.Length, what: $"{string.Join(", ", names)} asleep");

    private async Task<Guid[]> StageAsync(int count, string name)
    {
        await using var db = fixture.NewContext();
        var ids = Enumerable.Range(0, count).Select(i => db.AddEvent("tenant-a", new WidgetCreated($"{name}-{i}")).Id).ToArray();
        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>Publishes every due outbox row through the relay, as many passes as it takes.</summary>
    private async Task RelayAllAsync(IOptions<MessagingOptions> options)
    {
        var relay = fixture.Relay(options);
        while (await relay.PublishDueAsync(CancellationToken.None) > 0) { }
    }

    private Task<long> AppliedAsync(Guid[] ids) =>
        fixture.CountAsync("SELECT count(DISTINCT event_id) FROM widgets WHERE event_id = ANY($1)", ids);

    private async Task<long> PendingAsync(string prefix) =>
        (await fixture.Redis.GetDatabase().StreamPendingAsync(Key(prefix), "test-consumer")).PendingMessageCount;

    private static async Task StopAsync(params (ServiceProvider Services, StreamConsumer<MessagingTestDbContext> Consumer)[] processes)
    {
        foreach (var (services, consumer) in processes)
        {
            await consumer.StopAsync(CancellationToken.None);
            await services.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_event_the_relay_publishes_wakes_a_consumer_that_would_not_poll_for_ten_minutes()
    {
        var prefix = TestStores.NewRedisPrefix("wake");
        var process = Process(prefix, "sleeper", wake: true);
        await process.Consumer.StartAsync(CancellationToken.None);
        try
        {
            await AsleepAsync(prefix, "sleeper");
            var ids = await StageAsync(1, "wake-me");
            await RelayAllAsync(Options(prefix, wake: true));

            await Eventually.GetAsync(() => AppliedAsync(ids), n => n == 1, what: "event applied after the wake-up");
            await Eventually.GetAsync(() => PendingAsync(prefix), n => n == 0, what: "acknowledged");
        }
        finally
        {
            await StopAsync(process);
        }
    }

    [Fact]
    public async Task Without_wake_ups_the_same_consumer_leaves_the_event_on_the_stream_until_its_poll()
    {
        var prefix = TestStores.NewRedisPrefix("nowake");
        var process = Process(prefix, "poller", wake: false);
        await process.Consumer.StartAsync(CancellationToken.None);
        try
        {
            await AsleepAsync(prefix, "poller");
            var ids = await StageAsync(1, "left-alone");
            await RelayAllAsync(Options(prefix, wake: false));

            await Task.Delay(TimeSpan.FromSeconds(3)); // a window, not a timing: nothing may happen in it
            var onStream = (await fixture.Redis.GetDatabase().StreamRangeAsync(Key(prefix)))
                .Select(RedisStreamTransport.Read).Count(e => ids.Contains(e.Id));
            Assert.Equal(1, onStream);
            Assert.Equal(0, await AppliedAsync(ids));
            Assert.Equal(0, await PendingAsync(prefix)); // never even delivered
        }
        finally
        {
            await StopAsync(process);
        }
    }

    [Fact]
    public async Task Two_replicas_woken_by_the_relay_apply_each_event_exactly_once()
    {
        var prefix = TestStores.NewRedisPrefix("wake-replicas");
        var replicas = new[] { Process(prefix, "replica-a", wake: true), Process(prefix, "replica-b", wake: true) };
        foreach (var (_, consumer) in replicas) await consumer.StartAsync(CancellationToken.None);
        try
        {
            await AsleepAsync(prefix, "replica-a", "replica-b");
            var ids = await StageAsync(60, "replicated");
            await RelayAllAsync(Options(prefix, wake: true)); // three passes of 20, each waking both

            await Eventually.GetAsync(() => AppliedAsync(ids), n => n == 60, what: "all 60 applied");
            await Eventually.GetAsync(() => PendingAsync(prefix), n => n == 0, what: "all acknowledged");
            Assert.Equal(60, await fixture.CountAsync("SELECT count(*) FROM widgets WHERE event_id = ANY($1)", ids));
            Assert.Equal(60, await fixture.CountAsync("SELECT count(*) FROM inbox_messages WHERE event_id = ANY($1)", ids));
        }
        finally
        {
            await StopAsync(replicas);
        }
    }

    [Fact]
    public async Task A_storm_of_500_publishes_each_with_its_wake_up_applies_every_event_once()
    {
        var prefix = TestStores.NewRedisPrefix("storm");
        var replicas = new[] { Process(prefix, "storm-a", wake: true), Process(prefix, "storm-b", wake: true) };
        foreach (var (_, consumer) in replicas) await consumer.StartAsync(CancellationToken.None);
        try
        {
            await AsleepAsync(prefix, "storm-a", "storm-b");
            var transport = new RedisStreamTransport(fixture.Redis, Options(prefix, wake: true));
            var events = Enumerable.Range(0, 500).Select(i => new EventEnvelope(Guid.NewGuid(), "tenant-a", nameof(WidgetCreated),
                JsonSerializer.Serialize(new WidgetCreated($"storm-{i}"), JsonDefaults.Options), null, null, DateTimeOffset.UtcNow)).ToArray();
            await Task.WhenAll(events.Select(async e =>
            {
                await transport.PublishAsync(e, CancellationToken.None);
                await transport.WakeConsumersAsync([nameof(WidgetCreated)]);
            }));
            var ids = events.Select(e => e.Id).ToArray();

            await Eventually.GetAsync(() => AppliedAsync(ids), n => n == 500, TimeSpan.FromSeconds(60), "all 500 applied");
            await Eventually.GetAsync(() => PendingAsync(prefix), n => n == 0, what: "all acknowledged");
            Assert.Equal(500, await fixture.CountAsync("SELECT count(*) FROM widgets WHERE event_id = ANY($1)", ids));
            Assert.Equal(500, await fixture.CountAsync("SELECT count(*) FROM inbox_messages WHERE event_id = ANY($1)", ids));
        }
        finally
        {
            await StopAsync(replicas);
        }
    }
}
