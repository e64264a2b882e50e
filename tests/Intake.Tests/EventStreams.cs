using System.Text.Json;
using Microsoft.Extensions.Hosting;
using SheqingMinyi.Tests;
using StackExchange.Redis;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// The Redis streams as another service sees them: reads what Intake published and writes envelopes the way
/// Review's relay would (field names are the wire contract, so they are spelled out here, not borrowed).
/// </summary>
internal static class EventStreams
{
    private static readonly Lazy<ConnectionMultiplexer> Connection = new(() => ConnectionMultiplexer.Connect(TestStores.Redis));
    private const string ConsumerGroup = ResourceNames.Intake;

    public static IDatabase Redis => Connection.Value.GetDatabase();

    public static string Key(string prefix, string eventType) => $"{prefix}:events:{eventType}";

    public static string Serialize<TEvent>(TEvent @event) => JsonSerializer.Serialize(@event, JsonDefaults.Options);

    /// <summary>XADDs an envelope; returns the stream entry id.</summary>
    public static async Task<string> PublishAsync(string prefix, Guid eventId, string tenant, string type, string payload)
    {
        await KnownTenantsSupport.RegisterAsync(prefix, tenant);
        NameValueEntry[] fields =
        [
            new("id", eventId.ToString()),
            new("tenant", tenant),
            new("type", type),
            new("payload", payload),
            new("traceparent", ""),
            new("tracestate", ""),
            new("occurredAt", DateTimeOffset.UtcNow.ToString("O")),
        ];
        return (await Redis.StreamAddAsync(Key(prefix, type), fields)).ToString();
    }

    public static Task<string> PublishAsync<TEvent>(string prefix, Guid eventId, string tenant, TEvent @event) where TEvent : notnull =>
        PublishAsync(prefix, eventId, tenant, typeof(TEvent).Name, Serialize(@event));

    /// <summary>Waits until Intake's consumer group has read <paramref name="entryId"/> and acknowledged everything it read.</summary>
    public static Task WaitUntilConsumedAsync(string prefix, string type, string entryId) => Eventually.GetAsync(
        async () => (await Redis.StreamGroupInfoAsync(Key(prefix, type))).FirstOrDefault(g => g.Name == ConsumerGroup),
        group => group.Name is not null && Compare(group.LastDeliveredId, entryId) >= 0 && group.PendingMessageCount == 0,
        what: $"{ConsumerGroup} consumed {type} entry {entryId}");

    public static async Task<StreamEntry[]> EntriesAsync(string prefix, string type) => await Redis.StreamRangeAsync(Key(prefix, type));

    private static int Compare(string? a, string b)
    {
        if (a is null) return -1;
        static (long, long) Parse(string id) => id.Split('-') is [var ms, var seq] ? (long.Parse(ms), long.Parse(seq)) : (0, 0);
        return Parse(a).CompareTo(Parse(b));
    }
}
