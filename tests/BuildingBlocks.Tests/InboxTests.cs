using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Tests;
using StackExchange.Redis;

namespace SheqingMinyi.BuildingBlocks.Tests;

public sealed class InboxTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private static EventEnvelope Envelope(string name, string tenant = "tenant-a", string? traceParent = null) => new(
        Guid.NewGuid(), tenant, nameof(WidgetCreated), JsonSerializer.Serialize(new WidgetCreated(name), JsonDefaults.Options),
        traceParent, null, DateTimeOffset.UtcNow);

    private ServiceProvider Services(Microsoft.Extensions.Options.IOptions<MessagingOptions> options) =>
        fixture.Services(options, (subscriptions, services) =>
        {
            services.AddScoped<CreateWidget>();
            subscriptions.Add<WidgetCreated, CreateWidget>();
        });

    private Task<long> WidgetsFor(Guid eventId) => fixture.CountAsync("SELECT count(*) FROM widgets WHERE event_id = $1", eventId);
    private Task<long> InboxRowsFor(Guid eventId) => fixture.CountAsync("SELECT count(*) FROM inbox_messages WHERE event_id = $1", eventId);

    [Fact]
    public async Task A_duplicate_delivery_is_applied_once()
    {
        await using var services = Services(fixture.Options());
        var processor = services.GetRequiredService<EventProcessor<MessagingTestDbContext>>();
        var envelope = Envelope("once");

        Assert.Equal(ProcessOutcome.Applied, await processor.ProcessAsync(envelope, CancellationToken.None));
        Assert.Equal(ProcessOutcome.Duplicate, await processor.ProcessAsync(envelope, CancellationToken.None));

        Assert.Equal(1, await WidgetsFor(envelope.Id));
        Assert.Equal(1, await InboxRowsFor(envelope.Id));
    }

    [Fact]
    public async Task A_failing_handler_leaves_neither_its_changes_nor_an_inbox_row()
    {
        await using var services = Services(fixture.Options());
        var processor = services.GetRequiredService<EventProcessor<MessagingTestDbContext>>();
        var envelope = Envelope("fail-now");

        await Assert.ThrowsAsync<InvalidOperationException>(() => processor.ProcessAsync(envelope, CancellationToken.None));

        Assert.Equal(0, await WidgetsFor(envelope.Id));
        Assert.Equal(0, await InboxRowsFor(envelope.Id));
    }

    [Fact]
    public async Task The_handler_sees_the_events_tenant_and_its_rows_carry_it()
    {
        await using var services = Services(fixture.Options());
        var processor = services.GetRequiredService<EventProcessor<MessagingTestDbContext>>();
        var envelope = Envelope("tenanted", tenant: "tenant-z");

        await processor.ProcessAsync(envelope, CancellationToken.None);

        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM widgets WHERE event_id = $1 AND tenant_id = 'tenant-z'", envelope.Id));
    }

    [Fact]
    public async Task The_consumer_applies_stream_entries_and_acknowledges_them()
    {
        var options = fixture.Options();
        await using var services = Services(options);
        var transport = new RedisStreamTransport(fixture.Redis, options);
        var envelopes = new[] { Envelope("s1"), Envelope("s2") };
        foreach (var envelope in envelopes) await transport.PublishAsync(envelope, CancellationToken.None);
        await transport.PublishAsync(envelopes[0], CancellationToken.None); // a redelivery of the first

        var consumer = services.GetRequiredService<StreamConsumer<MessagingTestDbContext>>();
        await consumer.StartAsync(CancellationToken.None);
        try
        {
            foreach (var envelope in envelopes)
                await Eventually.GetAsync(() => WidgetsFor(envelope.Id), n => n == 1, what: $"widget for {envelope.Id}");
            var key = options.Value.StreamKey(nameof(WidgetCreated));
            await Eventually.GetAsync(async () => (await fixture.Redis.GetDatabase().StreamPendingAsync(key, "test-consumer")).PendingMessageCount,
                n => n == 0, what: "all entries acknowledged");
            Assert.Equal(1, await WidgetsFor(envelopes[0].Id));
        }
        finally
        {
            await consumer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_event_that_keeps_failing_goes_to_the_dead_letter_list_and_is_acknowledged()
    {
        var options = fixture.Options(o => o.MaxDeliveryAttempts = 3);
        await using var services = Services(options);
        var poison = Envelope("fail-always");
        await new RedisStreamTransport(fixture.Redis, options).PublishAsync(poison, CancellationToken.None);

        var consumer = services.GetRequiredService<StreamConsumer<MessagingTestDbContext>>();
        await consumer.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.GetAsync(() => fixture.CountAsync("SELECT count(*) FROM dead_letters WHERE event_id = $1", poison.Id),
                n => n == 1, what: "dead letter");
            Assert.Equal(1, await fixture.CountAsync(
                "SELECT count(*) FROM dead_letters WHERE event_id = $1 AND attempts = 3 AND consumer = 'test-consumer' AND tenant_id = 'tenant-a' AND error LIKE '%cannot apply fail-always%'", poison.Id));
            var key = options.Value.StreamKey(nameof(WidgetCreated));
            await Eventually.GetAsync(async () => (await fixture.Redis.GetDatabase().StreamPendingAsync(key, "test-consumer")).PendingMessageCount,
                n => n == 0, what: "poison acknowledged");
            Assert.Equal(0, await WidgetsFor(poison.Id));
        }
        finally
        {
            await consumer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_consumers_span_continues_the_producers_trace_through_the_outbox()
    {
        var options = fixture.Options();
        await using var services = Services(options);
        var consumed = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "SheqingMinyi.Messaging",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (consumed) consumed.Add(activity); },
        };
        ActivitySource.AddActivityListener(listener);
        using var producerSource = new ActivitySource("test-producer");

        ActivityTraceId requestTrace;
        Guid eventId;
        using (var request = producerSource.StartActivity("POST /widgets", ActivityKind.Server) ?? new Activity("POST /widgets").Start())
        {
            requestTrace = request.TraceId;
            await using var db = fixture.NewContext();
            eventId = db.AddEvent("tenant-a", new WidgetCreated("traced")).Id;
            await db.SaveChangesAsync();
        }
        await fixture.Relay(options).PublishDueAsync(CancellationToken.None);
        var entry = (await fixture.Redis.GetDatabase().StreamRangeAsync(options.Value.StreamKey(nameof(WidgetCreated))))
            .Select(RedisStreamTransport.Read).Single(e => e.Id == eventId);
        await services.GetRequiredService<EventProcessor<MessagingTestDbContext>>().ProcessAsync(entry, CancellationToken.None);

        Activity consume;
        lock (consumed) consume = consumed.Single(a => a.OperationName == "consume WidgetCreated" && a.GetTagItem("messaging.message.id") as string == eventId.ToString());
        Assert.Equal(requestTrace, consume.TraceId);
        Assert.Equal(requestTrace, entry.ParentContext.TraceId);
    }
}
