using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Maintenance;
using StackExchange.Redis;

namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>
/// Trims event streams only below what every consumer group has finished with: for each group, its oldest
/// pending (delivered, not yet acknowledged) entry, or everything up to its last delivered entry when nothing is
/// pending. Entries younger than <see cref="MessagingOptions.StreamRetainAtLeast"/> always stay. A stream no group
/// reads keeps <see cref="MessagingOptions.UnreadStreamRetention"/> of history.
/// </summary>
public sealed class StreamTrimmer(IConnectionMultiplexer redis, IOptions<MessagingOptions> options)
{
    /// <summary>Trims every stream under the prefix; returns how many entries were removed.</summary>
    public async Task<long> TrimAllAsync(CancellationToken ct)
    {
        long removed = 0;
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica || !server.IsConnected) continue;
            await foreach (var key in server.KeysAsync(pattern: options.Value.StreamPattern).WithCancellation(ct))
                removed += await TrimAsync(key);
        }
        return removed;
    }

    public async Task<long> TrimAsync(RedisKey key)
    {
        var db = redis.GetDatabase();
        if (await db.KeyTypeAsync(key) != RedisType.Stream) return 0;
        var settings = options.Value;
        var now = DateTimeOffset.UtcNow;
        var groups = await db.StreamGroupInfoAsync(key);
        var minId = groups.Length == 0
            ? EntryId.At(now - settings.UnreadStreamRetention)
            : EntryId.Min(EntryId.At(now - settings.StreamRetainAtLeast), await Task.WhenAll(groups.Select(g => DoneBelowAsync(db, key, g))));
        return (long)await db.ExecuteAsync("XTRIM", key, "MINID", minId.ToString());
    }

    /// <summary>The first entry a group may still need: its oldest pending one, else the one after its last delivered.</summary>
    private static async Task<EntryId> DoneBelowAsync(IDatabase db, RedisKey key, StreamGroupInfo group)
    {
        if (group.PendingMessageCount > 0)
        {
            var pending = await db.StreamPendingAsync(key, group.Name);
            if (EntryId.TryParse(pending.LowestPendingMessageId.ToString(), out var lowest)) return lowest;
        }
        return EntryId.TryParse(group.LastDeliveredId, out var last) ? last.Next() : EntryId.Zero;
    }
}

/// <summary>A stream entry id (milliseconds-sequence), ordered as Redis orders them.</summary>
public readonly record struct EntryId(long Milliseconds, long Sequence) : IComparable<EntryId>
{
    public static readonly EntryId Zero = new(0, 0);

    public static EntryId At(DateTimeOffset time) => new(Math.Max(0, time.ToUnixTimeMilliseconds()), 0);

    public static bool TryParse(string? text, out EntryId id)
    {
        id = Zero;
        if (string.IsNullOrEmpty(text)) return false;
        var parts = text.Split('-');
        if (parts.Length != 2 || !long.TryParse(parts[0], out var ms) || !long.TryParse(parts[1], out var seq)) return false;
        id = new EntryId(ms, seq);
        return true;
    }

    public EntryId Next() => Sequence == long.MaxValue ? new(Milliseconds + 1, 0) : new(Milliseconds, Sequence + 1);

    public static EntryId Min(EntryId first, IEnumerable<EntryId> others) => others.Aggregate(first, (a, b) => a.CompareTo(b) <= 0 ? a : b);

    public int CompareTo(EntryId other) => (Milliseconds, Sequence).CompareTo((other.Milliseconds, other.Sequence));

    public override string ToString() => $"{Milliseconds}-{Sequence}";
}

/// <summary>Runs the trimmer on every <see cref="MessagingOptions.TrimInterval"/>; a failed pass waits for the next.</summary>
public sealed class StreamTrimWorker(StreamTrimmer trimmer, IOptions<MessagingOptions> options, ILogger<StreamTrimWorker> logger)
    : PeriodicWorker(logger)
{
    protected override TimeSpan Interval => options.Value.TrimInterval;
    protected override bool RunsAtStart => false; // nothing acknowledged to trim yet
    protected override string JobName => "Stream trim pass";

    protected override async Task RunPassAsync(CancellationToken ct)
    {
        var removed = await trimmer.TrimAllAsync(ct);
        if (removed > 0) logger.LogDebug("Trimmed {Count} acknowledged stream entries", removed);
    }
}
