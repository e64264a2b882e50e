using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SheqingMinyi.BuildingBlocks.Tenancy;
using StackExchange.Redis;

namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>
/// A stream entry that is not a readable envelope, kept as a dead letter: every field as JSON, the event id if it
/// has one (else one derived from the stream and entry id, so a second sight of it is the same letter), and its
/// tenant only when that is a valid tenant id — otherwise the platform operator's (no tenant's) list shows it.
/// </summary>
public static class UnreadableEntry
{
    public const string UnknownType = "unreadable";

    public static EventEnvelope ToEnvelope(string streamKey, StreamEntry entry)
    {
        string Field(string name) => entry[name].ToString();
        var id = Guid.TryParse(Field(RedisStreamTransport.Fields.Id), out var parsed) ? parsed : DerivedId(streamKey, entry.Id!);
        var tenant = Field(RedisStreamTransport.Fields.Tenant) is var t && TenantMiddleware.IsValidTenantId(t) ? t : "";
        var type = Field(RedisStreamTransport.Fields.Type) is { Length: > 0 and <= 200 } named ? named : UnknownType;
        var fields = entry.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString());
        fields["streamKey"] = streamKey;
        fields["entryId"] = entry.Id.ToString();
        return new EventEnvelope(id, tenant, type, JsonSerializer.Serialize(fields), null, null, DateTimeOffset.UtcNow);
    }

    private static Guid DerivedId(string streamKey, string entryId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"{streamKey}/{entryId}"))[..16]);
}
