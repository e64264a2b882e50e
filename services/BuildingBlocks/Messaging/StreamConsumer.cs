using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>
/// Reads the service's subscribed streams in its consumer group and hands each entry to the processor. An entry
/// is acknowledged only after its effect committed or it was dead-lettered. Attempts are Redis's own delivery
/// count, so a message that crashes the process on every try is counted like one that throws, and still reaches
/// the dead letters; entries a dead replica left pending are claimed after they sit idle. One loop reads: a
/// publisher's wake-up (<see cref="MessagingOptions.WakeOnPublish"/>) cuts its wait short, the poll stays the fallback.
/// </summary>
public sealed class StreamConsumer<TContext>(
    IConnectionMultiplexer redis, EventSubscriptions subscriptions, EventProcessor<TContext> processor,
    IOptions<MessagingOptions> options, ILogger<StreamConsumer<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private readonly HashSet<string> _groupsReady = [];
    private readonly Dictionary<string, DateTimeOffset> _nextClaim = new();
    private readonly Dictionary<string, RedisValue> _claimCursor = new();
    private readonly WakeSignal _wake = new();
    private readonly List<RedisChannel> _wakeChannels = [];
    private Action<RedisChannel, RedisValue>? _onWakeUp;
    private DateTimeOffset _nextSubscribeAttempt;

    private MessagingOptions Settings => options.Value;
    private IDatabase Redis => redis.GetDatabase();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (subscriptions.EventTypes.Count == 0) return;
        try
        {
            await ConsumeAsync(stoppingToken);
        }
        finally
        {
            await UnsubscribeAsync();
        }
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        var retryOwn = true; // our own entries left pending by an earlier failure (or a previous life of this name)
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SubscribeAsync();
                _wake.Reset(); // this pass reads everything a wake-up so far announced
                var handled = 0;
                var failed = false;
                foreach (var type in subscriptions.EventTypes)
                {
                    var key = Settings.StreamKey(type);
                    await EnsureGroupAsync(key);
                    foreach (var (entry, redelivered) in await ReadBatchAsync(key, retryOwn))
                    {
                        failed |= !await HandleAsync(key, entry, redelivered, stoppingToken);
                        handled++;
                    }
                }
                retryOwn = failed;
                // A failure backs off whatever wakes us: new events would only make the pending ones fail faster.
                if (failed) await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken);
                else if (handled == 0) await _wake.WaitAsync(Settings.ConsumerPollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                // A wiped or restarted Redis loses the groups: create them again on the next pass.
                if (ex is RedisServerException { Message: var m } && m.StartsWith("NOGROUP")) _groupsReady.Clear();
                logger.LogWarning("Event consumer cannot read its streams: {Error}", ex.Message);
                retryOwn = true;
                try { await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Once, before the first read; a failure leaves the consumer polling and is tried again 10 s later.
    /// The multiplexer re-subscribes after a reconnect by itself; wake-ups lost meanwhile cost a poll interval.</summary>
    private async Task SubscribeAsync()
    {
        if (!Settings.WakeOnPublish || _wakeChannels.Count == subscriptions.EventTypes.Count) return;
        if (DateTimeOffset.UtcNow < _nextSubscribeAttempt) return;
        _onWakeUp ??= (_, _) => _wake.Set();
        var subscriber = redis.GetSubscriber();
        try
        {
            foreach (var type in subscriptions.EventTypes.Skip(_wakeChannels.Count))
            {
                var channel = RedisChannel.Literal(Settings.WakeChannel(type));
                await subscriber.SubscribeAsync(channel, _onWakeUp);
                _wakeChannels.Add(channel);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _nextSubscribeAttempt = DateTimeOffset.UtcNow.AddSeconds(10);
            logger.LogWarning("Event consumer cannot subscribe to wake-ups, polling meanwhile: {Error}", ex.Message);
        }
    }

    /// <summary>Only this consumer's handler: another consumer on the same multiplexer keeps its subscription.</summary>
    private async Task UnsubscribeAsync()
    {
        var subscriber = redis.GetSubscriber();
        foreach (var channel in _wakeChannels)
        {
            try { await subscriber.UnsubscribeAsync(channel, _onWakeUp); }
            catch (Exception ex) { logger.LogDebug("Unsubscribing {Channel} failed: {Error}", channel, ex.Message); }
        }
        _wakeChannels.Clear();
    }

    /// <summary>Own pending entries (when retrying), new entries, and entries claimed from dead consumers.</summary>
    private async Task<List<(StreamEntry Entry, bool Redelivered)>> ReadBatchAsync(string key, bool retryOwn)
    {
        var batch = new List<(StreamEntry, bool)>();
        if (retryOwn)
            batch.AddRange((await Redis.StreamReadGroupAsync(key, Settings.ConsumerGroup, Settings.ConsumerName, "0", count: 50))
                .Select(e => (e, true)));
        batch.AddRange((await Redis.StreamReadGroupAsync(key, Settings.ConsumerGroup, Settings.ConsumerName, ">", count: 50))
            .Select(e => (e, false)));
        batch.AddRange((await ClaimAbandonedAsync(key)).Select(e => (e, true)));
        return batch.Where(b => !b.Item1.IsNull).ToList();
    }

    /// <summary>Returns false when the entry stays pending for another attempt.</summary>
    private async Task<bool> HandleAsync(string key, StreamEntry entry, bool redelivered, CancellationToken ct)
    {
        EventEnvelope envelope;
        try
        {
            envelope = RedisStreamTransport.Read(entry);
        }
        catch (FormatException ex)
        {
            // Not an envelope: nothing can apply it, but an operator must see it, not only a log line.
            logger.LogError("Unreadable stream entry {Entry} on {Stream} moved to the dead letters: {Error}", entry.Id, key, ex.Message);
            await processor.DeadLetterAsync(UnreadableEntry.ToEnvelope(key, entry), ex, 1, ct);
            await AckAsync(key, entry.Id);
            return true;
        }

        var deliveries = redelivered ? await DeliveryCountAsync(key, entry.Id) : 1;
        if (deliveries == 0) return true; // no longer ours (acknowledged or claimed by a replica meanwhile)
        if (deliveries > Settings.MaxDeliveryAttempts)
        {
            // Earlier deliveries never finished: the process died or hung while applying it.
            var crashed = new EventNeverCompletedException(deliveries - 1);
            logger.LogError("{Type} {Id} was delivered {Deliveries} times without completing; moved to the dead letters",
                envelope.Type, envelope.Id, deliveries - 1);
            await processor.DeadLetterAsync(envelope, crashed, deliveries - 1, ct);
            await AckAsync(key, entry.Id);
            return true;
        }
        try
        {
            await processor.ProcessAsync(envelope, ct);
        }
        catch (UnknownTenantException ex) when (!ct.IsCancellationRequested && IsYoung(entry.Id))
        {
            logger.LogDebug("{Type} {Id} waits for its tenant to be announced: {Error}", envelope.Type, envelope.Id, ex.Message);
            await ForgetDeliveriesAsync(key, entry.Id);
            return false;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var permanent = ex is JsonException;
            if (!permanent && deliveries < Settings.MaxDeliveryAttempts)
            {
                logger.LogWarning("Applying {Type} {Id} failed (attempt {Attempt}): {Error}", envelope.Type, envelope.Id, deliveries, ex.Message);
                return false;
            }
            logger.LogError(ex, "{Type} {Id} failed (attempt {Attempt}); moved to the dead letters", envelope.Type, envelope.Id, deliveries);
            await processor.DeadLetterAsync(envelope, ex, deliveries, ct);
        }
        await AckAsync(key, entry.Id);
        return true;
    }

    /// <summary>How many times Redis has delivered this entry to the group (this delivery included).</summary>
    private async Task<int> DeliveryCountAsync(string key, RedisValue id)
    {
        var pending = await Redis.StreamPendingMessagesAsync(key, Settings.ConsumerGroup, 1, Settings.ConsumerName, minId: id, maxId: id);
        return pending.Length == 0 ? 0 : pending[0].DeliveryCount;
    }

    /// <summary>Within <see cref="MessagingOptions.UnknownTenantGrace"/> of being added to its stream (the id's milliseconds).</summary>
    private bool IsYoung(RedisValue id)
    {
        var text = id.ToString();
        var dash = text.IndexOf('-');
        return dash > 0 && long.TryParse(text.AsSpan(0, dash), out var ms)
            && DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(ms) < Settings.UnknownTenantGrace;
    }

    /// <summary>Sets the entry's delivery count back to 0 (XCLAIM to ourselves, JUSTID so the claim itself does not count).</summary>
    private Task ForgetDeliveriesAsync(string key, RedisValue id) =>
        Redis.ExecuteAsync("XCLAIM", key, Settings.ConsumerGroup, Settings.ConsumerName, 0, id, "RETRYCOUNT", 0, "JUSTID");

    private Task AckAsync(string key, RedisValue id) => Redis.StreamAcknowledgeAsync(key, Settings.ConsumerGroup, id);

    private async Task<StreamEntry[]> ClaimAbandonedAsync(string key)
    {
        if (DateTimeOffset.UtcNow < _nextClaim.GetValueOrDefault(key)) return [];
        var claimed = await Redis.StreamAutoClaimAsync(key, Settings.ConsumerGroup, Settings.ConsumerName,
            (long)Settings.ClaimIdleAfter.TotalMilliseconds, _claimCursor.GetValueOrDefault(key, "0-0"), 50);
        // Walk the whole pending list in pages; once through, rest until entries can have gone idle again.
        var done = claimed.NextStartId.IsNullOrEmpty || claimed.NextStartId == "0-0";
        _claimCursor[key] = done ? "0-0" : claimed.NextStartId;
        _nextClaim[key] = done ? DateTimeOffset.UtcNow + Settings.ClaimIdleAfter / 2 : DateTimeOffset.MinValue;
        return claimed.ClaimedEntries;
    }

    private async Task EnsureGroupAsync(string key)
    {
        if (_groupsReady.Contains(key)) return;
        try
        {
            // From the start of the stream: events published before this service first ran are still applied.
            await Redis.StreamCreateConsumerGroupAsync(key, Settings.ConsumerGroup, "0-0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP")) { }
        _groupsReady.Add(key);
    }
}

/// <summary>The reason recorded for an entry whose deliveries all ended without an outcome (a crash or a hang).</summary>
public sealed class EventNeverCompletedException(int deliveries)
    : Exception($"Delivered {deliveries} times without completing: the consumer died or hung while applying it.");
