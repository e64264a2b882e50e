using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Tests;
using StackExchange.Redis;

namespace SheqingMinyi.BuildingBlocks.Tests;

/// <summary>Applies WidgetCreated like <see cref="CreateWidget"/>, but a "hang-" widget never finishes: the consumer
/// holding it is then stopped, as a process that dies while applying a message.</summary>
public sealed class HangOnWidget(MessagingTestDbContext db) : IEventHandler<WidgetCreated>
{
    public static int HangCalls;

    public async Task HandleAsync(WidgetCreated e, EventContext context, CancellationToken ct)
    {
        if (e.Name.StartsWith("hang"))
        {
            Interlocked.Increment(ref HangCalls);
            await Task.Delay(Timeout.Infinite, ct);
        }
        db.Widgets.Add(new Widget { Id = Guid.NewGuid(), TenantId = context.TenantId, EventId = context.EventId, Name = e.Name });
    }
}

/// <summary>Consumers that die, hang, meet poison or garbage, or run as several replicas: nothing is lost, nothing applied twice.</summary>
public sealed class ConsumerFailureTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private static EventEnvelope Envelope(string name, string tenant = "tenant-a") => new(
        Guid.NewGuid(), tenant, nameof(WidgetCreated), JsonSerializer.Serialize(new WidgetCreated(name), JsonDefaults.Options),
        null, null, DateTimeOffset.UtcNow);

    /// <summary>One "process": its own provider (nothing shared in memory) and consumer name, on a shared stream prefix.</summary>
    private (ServiceProvider Services, StreamConsumer<MessagingTestDbContext> Consumer) Process<THandler>(
        string prefix, string name, Action<MessagingOptions>? configure = null) where THandler : class, IEventHandler<WidgetCreated>
    {
        var options = fixture.Options(o =>
        {
            o.StreamPrefix = prefix;
            o.ConsumerName = name;
            o.ClaimIdleAfter = TimeSpan.FromMilliseconds(300);
            configure?.Invoke(o);
        });
        var services = fixture.Services(options, (subscriptions, s) =>
        {
            s.AddScoped<THandler>();
            subscriptions.Add<WidgetCreated, THandler>();
        });
        return (services, services.GetRequiredService<StreamConsumer<MessagingTestDbContext>>());
    }

    private async Task PublishAsync(string prefix, params EventEnvelope[] envelopes)
    {
        var transport = new RedisStreamTransport(fixture.Redis, Options.Create(new MessagingOptions { StreamPrefix = prefix }));
        foreach (var envelope in envelopes) await transport.PublishAsync(envelope, CancellationToken.None);
    }

    private Task<long> WidgetsFor(Guid eventId) => fixture.CountAsync("SELECT count(*) FROM widgets WHERE event_id = $1", eventId);
    private Task<long> DeadLettersFor(Guid eventId, string extra = "true") =>
        fixture.CountAsync($"SELECT count(*) FROM dead_letters WHERE event_id = $1 AND {extra}", eventId);
    private static string Key(string prefix) => $"{prefix}:events:{nameof(WidgetCreated)}";
    /// <summary>Entries delivered to the group and not yet acknowledged (-1 before the group exists).</summary>
    private async Task<long> PendingAsync(string prefix)
    {
        try { return (await fixture.Redis.GetDatabase().StreamPendingAsync(Key(prefix), "test-consumer")).PendingMessageCount; }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP")) { return -1; }
    }

    [Fact]
    public async Task Entries_of_a_consumer_that_died_holding_them_are_claimed_and_applied_once_by_another()
    {
        var prefix = TestStores.NewRedisPrefix("claim");
        var events = new[] { Envelope("hang-1"), Envelope("hang-2"), Envelope("hang-3") };
        await PublishAsync(prefix, events);

        var (firstServices, first) = Process<HangOnWidget>(prefix, "dies");
        await first.StartAsync(CancellationToken.None);
        await Eventually.GetAsync(() => PendingAsync(prefix), n => n == 3, what: "first consumer holds all three");
        await first.StopAsync(CancellationToken.None); // dies: nothing acknowledged
        await firstServices.DisposeAsync();
        Assert.Equal(3, await PendingAsync(prefix));

        var (services, second) = Process<CreateWidget>(prefix, "survivor");
        await second.StartAsync(CancellationToken.None);
        try
        {
            foreach (var e in events)
                await Eventually.GetAsync(() => WidgetsFor(e.Id), n => n == 1, what: $"widget for {e.Id}");
            await Eventually.GetAsync(() => PendingAsync(prefix), n => n == 0, what: "all acknowledged");
            foreach (var e in events) Assert.Equal(1, await WidgetsFor(e.Id));
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
            await services.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_message_that_kills_every_process_applying_it_reaches_the_dead_letters_with_its_attempts()
    {
        var prefix = TestStores.NewRedisPrefix("killer");
        var killer = Envelope("hang-forever");
        await PublishAsync(prefix, killer);
        var callsBefore = HangOnWidget.HangCalls;

        // Two lives, each a fresh process (new memory, new consumer name), each dying while applying it.
        for (var life = 1; life <= 2; life++)
        {
            var (services, consumer) = Process<HangOnWidget>(prefix, $"life-{life}", o => o.MaxDeliveryAttempts = 2);
            await consumer.StartAsync(CancellationToken.None);
            await Eventually.GetAsync(() => Task.FromResult(HangOnWidget.HangCalls - callsBefore), n => n == life, what: $"life {life} took it");
            await consumer.StopAsync(CancellationToken.None);
            await services.DisposeAsync();
        }

        // The third process finds it delivered twice without an outcome: dead-lettered, never run a third time.
        var (lastServices, last) = Process<HangOnWidget>(prefix, "life-3", o => o.MaxDeliveryAttempts = 2);
        await last.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.GetAsync(() => DeadLettersFor(killer.Id), n => n == 1, what: "dead letter");
            Assert.Equal(1, await DeadLettersFor(killer.Id, "attempts = 2 AND error LIKE '%without completing%' AND tenant_id = 'tenant-a'"));
            await Eventually.GetAsync(() => PendingAsync(prefix), n => n == 0, what: "acknowledged");
            Assert.Equal(2, HangOnWidget.HangCalls - callsBefore);
            Assert.Equal(0, await WidgetsFor(killer.Id));
        }
        finally
        {
            await last.StopAsync(CancellationToken.None);
            await lastServices.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_throwing_message_is_dead_lettered_after_the_deliveries_redis_counted_even_across_restarts()
    {
        var prefix = TestStores.NewRedisPrefix("poison");
        var poison = Envelope("fail-always");
        await PublishAsync(prefix, poison);

        // The first process fails it once and stops; the count lives in Redis, not in that process.
        var (firstServices, first) = Process<CreateWidget>(prefix, "first", o => o.MaxDeliveryAttempts = 3);
        await first.StartAsync(CancellationToken.None);
        await Eventually.GetAsync(() => PendingAsync(prefix), n => n == 1, what: "first delivery");
        await first.StopAsync(CancellationToken.None);
        await firstServices.DisposeAsync();

        var (services, second) = Process<CreateWidget>(prefix, "second", o => o.MaxDeliveryAttempts = 3);
        await second.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.GetAsync(() => DeadLettersFor(poison.Id), n => n == 1, what: "dead letter");
            Assert.Equal(1, await DeadLettersFor(poison.Id, "attempts = 3 AND error LIKE '%cannot apply fail-always%'"));
            await Eventually.GetAsync(() => PendingAsync(prefix), n => n == 0, what: "acknowledged");
            Assert.Equal(0, await WidgetsFor(poison.Id));
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
            await services.DisposeAsync();
        }
    }

    [Fact]
    public async Task Unreadable_entries_and_unparseable_payloads_go_to_the_dead_letters_and_are_acknowledged()
    {
        var prefix = TestStores.NewRedisPrefix("garbage");
        var redis = fixture.Redis.GetDatabase();
        var noId = await redis.StreamAddAsync(Key(prefix), [new("tenant", "tenant-g"), new("type", nameof(WidgetCreated)), new("payload", "{}")]);
        var badTenant = Guid.NewGuid();
        await redis.StreamAddAsync(Key(prefix), [new("id", badTenant.ToString()), new("tenant", "Robert'); DROP"), new("type", nameof(WidgetCreated))]);
        var badPayload = Envelope("x", tenant: "tenant-g") with { Payload = "not json at all" };
        await PublishAsync(prefix, badPayload);
        var good = Envelope("after-garbage", tenant: "tenant-g");
        await PublishAsync(prefix, good);

        var (services, consumer) = Process<CreateWidget>(prefix, "reader");
        await consumer.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.GetAsync(() => WidgetsFor(good.Id), n => n == 1, what: "the good event behind the garbage");
            await Eventually.GetAsync(() => PendingAsync(prefix), n => n == 0, what: "garbage acknowledged");
            // No id: a derived id, the fields kept as JSON, under the tenant it named.
            Assert.Equal(1, await fixture.CountAsync(
                "SELECT count(*) FROM dead_letters WHERE tenant_id = 'tenant-g' AND payload->>'entryId' = $1 AND error LIKE '%no ''id'' field%'", noId.ToString()));
            // An invalid tenant is not trusted: the letter belongs to no tenant (the platform operator's list).
            Assert.Equal(1, await DeadLettersFor(badTenant, "tenant_id = '' AND payload->>'tenant' = 'Robert''); DROP'"));
            // A payload that is not JSON fails for good at once: one attempt, kept as a JSON string.
            Assert.Equal(1, await DeadLettersFor(badPayload.Id, "attempts = 1 AND payload #>> '{}' = 'not json at all'"));
        }
        finally
        {
            await consumer.StopAsync(CancellationToken.None);
            await services.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_replicas_of_one_consumer_apply_each_event_once()
    {
        var prefix = TestStores.NewRedisPrefix("replicas");
        var events = Enumerable.Range(0, 60).Select(i => Envelope($"r{i}")).ToArray();
        var replicas = new[] { Process<CreateWidget>(prefix, "replica-a"), Process<CreateWidget>(prefix, "replica-b") };
        foreach (var (_, consumer) in replicas) await consumer.StartAsync(CancellationToken.None);
        try
        {
            await PublishAsync(prefix, events);
            var ids = events.Select(e => e.Id).ToArray();
            await Eventually.GetAsync(() => fixture.CountAsync("SELECT count(DISTINCT event_id) FROM widgets WHERE event_id = ANY($1)", ids),
                n => n == 60, what: "all 60 applied");
            await Eventually.GetAsync(() => PendingAsync(prefix), n => n == 0, what: "all acknowledged");
            Assert.Equal(60, await fixture.CountAsync("SELECT count(*) FROM widgets WHERE event_id = ANY($1)", ids));
            Assert.Equal(60, await fixture.CountAsync("SELECT count(*) FROM inbox_messages WHERE event_id = ANY($1)", ids));
        }
        finally
        {
            foreach (var (services, consumer) in replicas)
            {
                await consumer.StopAsync(CancellationToken.None);
                await services.DisposeAsync();
            }
        }
    }
}
