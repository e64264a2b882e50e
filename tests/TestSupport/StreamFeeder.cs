using System.Text.Json;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace SheqingMinyi.Tests;

/// <summary>An envelope as the tests put it on a stream: its entry id and the trace id its traceparent carries.</summary>
public sealed record FedEvent(Guid Id, string Tenant, string Type, string Payload, string TraceParent, string TraceId, RedisValue EntryId);

/// <summary>
/// Feeds integration events to a service the way another service's outbox relay would: one XADD on the
/// type's stream under the fixture's prefix. Writes the wire format by hand (field names, kebab-case enums,
/// W3C traceparent) so the tests pin the contract rather than reuse the code under test.
/// </summary>
public sealed class StreamFeeder(string redisPrefix)
{
    private static readonly Lazy<Task<ConnectionMultiplexer>> Connection =
        new(() => ConnectionMultiplexer.ConnectAsync(TestStores.Redis));

    public static async Task<IDatabase> RedisAsync() => (await Connection.Value).GetDatabase();

    public static async Task<IServer> RedisServerAsync()
    {
        var connection = await Connection.Value;
        return connection.GetServer(connection.GetEndPoints()[0]);
    }

    public string StreamKey(string type) => $"{redisPrefix}:events:{type}";

    /// <summary>A fresh sampled W3C traceparent: 00-{32 hex trace}-{16 hex span}-01.</summary>
    public static (string TraceParent, string TraceId) NewTraceParent()
    {
        var traceId = Guid.NewGuid().ToString("N");
        var spanId = Guid.NewGuid().ToString("N")[..16];
        return ($"00-{traceId}-{spanId}-01", traceId);
    }

    /// <summary>Publishes <paramref name="payload"/> as a new envelope (a new event id unless one is given).</summary>
    /// <remarks>The tenant is registered as known in the service's database first, unless <paramref name="registerTenant"/> is false.</remarks>
    public async Task<FedEvent> PublishAsync<TEvent>(string tenant, TEvent payload, Guid? eventId = null, bool registerTenant = true) where TEvent : notnull
    {
        var (traceParent, traceId) = NewTraceParent();
        var fed = new FedEvent(eventId ?? Guid.NewGuid(), tenant, typeof(TEvent).Name,
            JsonSerializer.Serialize(payload, JsonDefaults.Options), traceParent, traceId, RedisValue.Null);
        return await RedeliverAsync(fed, registerTenant);
    }

    /// <summary>Puts the same envelope (same event id) on the stream again, as an at-least-once transport may.</summary>
    public async Task<FedEvent> RedeliverAsync(FedEvent fed, bool registerTenant = true)
    {
        if (registerTenant) await KnownTenantsSupport.RegisterAsync(redisPrefix, fed.Tenant);
        var db = await RedisAsync();
        var entryId = await db.StreamAddAsync(StreamKey(fed.Type),
        [
            new NameValueEntry("id", fed.Id.ToString()),
            new NameValueEntry("tenant", fed.Tenant),
            new NameValueEntry("type", fed.Type),
            new NameValueEntry("payload", fed.Payload),
            new NameValueEntry("traceparent", fed.TraceParent),
            new NameValueEntry("tracestate", ""),
            new NameValueEntry("occurredAt", DateTimeOffset.UtcNow.ToString("O")),
        ]);
        return fed with { EntryId = entryId };
    }

    /// <summary>Waits until <paramref name="group"/> has read and acknowledged the entry, i.e. the service has
    /// applied it (or found it a duplicate): the consumer acks only after the effect committed.</summary>
    public async Task WaitConsumedAsync(FedEvent fed, string group, TimeSpan? limit = null)
    {
        var db = await RedisAsync();
        await Eventually.GetAsync(async () =>
        {
            var groups = await db.StreamGroupInfoAsync(StreamKey(fed.Type));
            var info = groups.FirstOrDefault(g => g.Name == group);
            if (info.Name is null || info.LastDeliveredId is not { } last || CompareEntryIds(last, fed.EntryId.ToString()) < 0)
                return false;
            var pending = await db.StreamPendingMessagesAsync(StreamKey(fed.Type), group, 1, RedisValue.Null,
                minId: fed.EntryId, maxId: fed.EntryId);
            return pending.Length == 0;
        }, consumed => consumed, limit, $"{group} consumed {fed.Type} {fed.Id}");
    }

    /// <summary>Every entry on the type's stream, oldest first.</summary>
    public async Task<StreamEntry[]> ReadAllAsync(string type) =>
        await (await RedisAsync()).StreamRangeAsync(StreamKey(type), "-", "+");

    private static int CompareEntryIds(string a, string b)
    {
        static (long Ms, long Seq) Parse(string id) => id.Split('-') is [var ms, var seq] ? (long.Parse(ms), long.Parse(seq)) : (long.Parse(id), 0);
        return Parse(a).CompareTo(Parse(b));
    }
}
