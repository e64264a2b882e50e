using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Tests;
using StackExchange.Redis;

namespace SheqingMinyi.BuildingBlocks.Tests;

/// <summary>Streams shrink only below what every consumer group has finished with.</summary>
public sealed class StreamTrimTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private IDatabase Redis => fixture.Redis.GetDatabase();

    private (StreamTrimmer Trimmer, string Key) NewStream(TimeSpan? retainAtLeast = null, TimeSpan? unreadRetention = null)
    {
        var options = Options.Create(new MessagingOptions
        {
            StreamPrefix = TestStores.NewRedisPrefix("trim"),
            StreamRetainAtLeast = retainAtLeast ?? TimeSpan.Zero,
            UnreadStreamRetention = unreadRetention ?? TimeSpan.FromDays(7),
        });
        return (new StreamTrimmer(fixture.Redis, options), options.Value.StreamKey("Thing"));
    }

    private async Task<RedisValue[]> AddAsync(string key, int count)
    {
        var ids = new List<RedisValue>();
        for (var i = 0; i < count; i++) ids.Add(await Redis.StreamAddAsync(key, "n", i));
        return [.. ids];
    }

    /// <summary>A group reads <paramref name="read"/> entries and acknowledges the first <paramref name="acked"/>.</summary>
    private async Task ReadAsync(string key, string group, int read, int acked)
    {
        try { await Redis.StreamCreateConsumerGroupAsync(key, group, "0-0"); } catch (RedisServerException) { }
        var entries = read == 0 ? [] : await Redis.StreamReadGroupAsync(key, group, "c", ">", read);
        foreach (var entry in entries.Take(acked)) await Redis.StreamAcknowledgeAsync(key, group, entry.Id);
    }

    private async Task<long[]> RemainingAsync(string key) =>
        [.. (await Redis.StreamRangeAsync(key)).Select(e => (long)e["n"])];

    [Fact]
    public async Task Everything_a_single_group_acknowledged_is_removed_and_nothing_else()
    {
        var (trimmer, key) = NewStream();
        await AddAsync(key, 10);
        await ReadAsync(key, "g1", read: 6, acked: 6);

        Assert.Equal(6, await trimmer.TrimAsync(key));
        Assert.Equal(new long[] { 6, 7, 8, 9 }, await RemainingAsync(key));
    }

    [Fact]
    public async Task A_pending_entry_holds_the_trim_point_even_when_later_ones_are_acknowledged()
    {
        var (trimmer, key) = NewStream();
        var ids = await AddAsync(key, 8);
        try { await Redis.StreamCreateConsumerGroupAsync(key, "g1", "0-0"); } catch (RedisServerException) { }
        var read = await Redis.StreamReadGroupAsync(key, "g1", "c", ">", 8);
        foreach (var entry in read.Where(e => e.Id != ids[3])) await Redis.StreamAcknowledgeAsync(key, "g1", entry.Id);

        await trimmer.TrimAsync(key);

        Assert.Equal(new long[] { 3, 4, 5, 6, 7 }, await RemainingAsync(key));
    }

    [Fact]
    public async Task The_slowest_group_decides()
    {
        var (trimmer, key) = NewStream();
        await AddAsync(key, 10);
        await ReadAsync(key, "fast", read: 10, acked: 10);
        await ReadAsync(key, "slow", read: 3, acked: 2);

        await trimmer.TrimAsync(key);

        Assert.Equal(new long[] { 2, 3, 4, 5, 6, 7, 8, 9 }, await RemainingAsync(key));
    }

    [Fact]
    public async Task A_group_that_has_read_nothing_keeps_the_whole_stream()
    {
        var (trimmer, key) = NewStream();
        await AddAsync(key, 5);
        await ReadAsync(key, "busy", read: 5, acked: 5);
        await ReadAsync(key, "idle", read: 0, acked: 0);

        Assert.Equal(0, await trimmer.TrimAsync(key));
        Assert.Equal(5, (await RemainingAsync(key)).Length);
    }

    [Fact]
    public async Task Young_entries_stay_even_when_acknowledged()
    {
        var (trimmer, key) = NewStream(retainAtLeast: TimeSpan.FromHours(1));
        await AddAsync(key, 5);
        await ReadAsync(key, "g1", read: 5, acked: 5);

        Assert.Equal(0, await trimmer.TrimAsync(key));
        Assert.Equal(5, (await RemainingAsync(key)).Length);
    }

    [Fact]
    public async Task A_stream_no_group_reads_keeps_its_retention_window()
    {
        var (trimmer, key) = NewStream(unreadRetention: TimeSpan.FromDays(7));
        var old = DateTimeOffset.UtcNow.AddDays(-8).ToUnixTimeMilliseconds();
        await Redis.StreamAddAsync(key, "n", 100, messageId: $"{old}-0");
        await Redis.StreamAddAsync(key, "n", 101, messageId: $"{old}-1");
        await AddAsync(key, 2);

        Assert.Equal(2, await trimmer.TrimAsync(key));
        Assert.Equal(new long[] { 0, 1 }, await RemainingAsync(key));
    }

    [Fact]
    public async Task TrimAll_covers_every_stream_under_the_prefix()
    {
        var options = Options.Create(new MessagingOptions { StreamPrefix = TestStores.NewRedisPrefix("trimall"), StreamRetainAtLeast = TimeSpan.Zero });
        var trimmer = new StreamTrimmer(fixture.Redis, options);
        foreach (var type in new[] { "A", "B" })
        {
            await AddAsync(options.Value.StreamKey(type), 3);
            await ReadAsync(options.Value.StreamKey(type), "g", read: 3, acked: 3);
        }

        Assert.Equal(6, await trimmer.TrimAllAsync(CancellationToken.None));
    }
}
