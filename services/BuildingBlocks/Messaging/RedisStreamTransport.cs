using Microsoft.Extensions.Options;
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
        await redis.GetDatabase().StreamAddAsync(settings.StreamKey(envelope.Type), fields,
            maxLength: settings.StreamMaxLength, useApproximateMaxLength: true);
    }

    public static EventEnvelope Read(StreamEntry entry)
    {
        string Get(string name) => entry[name].ToString();
        return new EventEnvelope(
            Guid.Parse(Get(Fields.Id)), Get(Fields.Tenant), Get(Fields.Type), Get(Fields.Payload),
            NullIfEmpty(Get(Fields.TraceParent)), NullIfEmpty(Get(Fields.TraceState)),
            DateTimeOffset.TryParse(Get(Fields.OccurredAt), out var at) ? at : DateTimeOffset.UtcNow);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
