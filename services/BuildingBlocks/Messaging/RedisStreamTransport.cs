using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Tenancy;
using StackExchange.Redis;

namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>Publishes each event type to its own Redis stream; consumer groups read them.</summary>
public sealed class RedisStreamTransport(IConnectionMultiplexer redis, IOptions<MessagingOptions> options) : IEventTransport
{
    public static class Fields
    {
        public const string Id = "id", Tenant = "tenant", Type = "type", Payload = "payload",
            TraceParent = "traceparent", TraceState = "tracestate", OccurredAt = "occurredAt";
    }

    public async Task PublishAsync(EventEnvelope envelope, CancellationToken ct)
    {
        var settings = options.Value;
        NameValueEntry[] fields =
        [
            new(Fields.Id, envelope.Id.ToString()),
            new(Fields.Tenant, envelope.TenantId),
            new(Fields.Type, envelope.Type),
            new(Fields.Payload, envelope.Payload),
            new(Fields.TraceParent, envelope.TraceParent ?? ""),
            new(Fields.TraceState, envelope.TraceState ?? ""),
            new(Fields.OccurredAt, envelope.OccurredAt.ToString("O")),
        ];
        // No MAXLEN: a stream is trimmed only below what every consumer group has acknowledged (StreamTrimmer).
        await redis.GetDatabase().StreamAddAsync(settings.StreamKey(envelope.Type), fields);
    }

    /// <summary>One PUBLISH per stream, fire-and-forget: the relay does not wait on it, and the XADDs it follows were
    /// sent first on the same connection, so a woken consumer finds the entries.</summary>
    public Task WakeConsumersAsync(IReadOnlyCollection<string> eventTypes)
    {
        var settings = options.Value;
        if (!settings.WakeOnPublish) return Task.CompletedTask;
        var subscriber = redis.GetSubscriber();
        foreach (var type in eventTypes)
            subscriber.Publish(RedisChannel.Literal(settings.WakeChannel(type)), RedisValue.EmptyString, CommandFlags.FireAndForget);
        return Task.CompletedTask;
    }

    /// <summary>The envelope of a stream entry; <see cref="FormatException"/> when the entry is not one.</summary>
    public static EventEnvelope Read(StreamEntry entry)
    {
        string Get(string name) => entry[name] is { IsNullOrEmpty: false } value ? value.ToString()
            : throw new FormatException($"Stream entry {entry.Id} has no '{name}' field.");
        string Optional(string name) => entry[name].ToString();
        if (!Guid.TryParse(Get(Fields.Id), out var id)) throw new FormatException($"Stream entry {entry.Id} has no valid event id.");
        var tenant = Get(Fields.Tenant);
        if (!TenantMiddleware.IsValidTenantId(tenant)) throw new FormatException($"Stream entry {entry.Id} names no valid tenant.");
        return new EventEnvelope(id, tenant, Get(Fields.Type), Get(Fields.Payload),
            NullIfEmpty(Optional(Fields.TraceParent)), NullIfEmpty(Optional(Fields.TraceState)),
            DateTimeOffset.TryParse(Optional(Fields.OccurredAt), out var at) ? at : DateTimeOffset.UtcNow);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
