using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>
/// Reads the service's subscribed streams in its consumer group and hands each entry to the processor. An entry
/// is acknowledged only after its effect committed (or it was dead-lettered); entries left pending by a failure
/// or a crash are read again, and those of a dead replica are claimed after they sit idle.
/// </summary>
public sealed class StreamConsumer<TContext>(
    IConnectionMultiplexer redis, EventSubscriptions subscriptions, EventProcessor<TContext> processor,
    IOptions<MessagingOptions> options, ILogger<StreamConsumer<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private readonly Dictionary<string, int> _attempts = new();
    private readonly string _consumerName = $"{Environment.MachineName}-{Environment.ProcessId}";
    private readonly HashSet<string> _groupsReady = [];
    private readonly Dictionary<string, DateTimeOffset> _nextClaim = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (subscriptions.EventTypes.Count == 0) return;
        var pendingFirst = true; // our own entries left pending by an earlier failure
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = 0;
                var failed = false;
                foreach (var type in subscriptions.EventTypes)
                {
                    var key = settings.StreamKey(type);
                    await EnsureGroupAsync(key);
                    var entries = await redis.GetDatabase().StreamReadGroupAsync(key, settings.ConsumerGroup, _consumerName,
                        pendingFirst ? "0" : ">", count: 50);
                    entries = [.. entries, .. await ClaimAbandonedAsync(key)];
                    foreach (var entry in entries)
                    {
                        if (entry.IsNull) continue;
                        failed |= !await HandleAsync(key, entry, stoppingToken);
                        handled++;
                    }
                }
                if (pendingFirst && !failed) pendingFirst = false;
                if (failed) pendingFirst = true;
                if (handled == 0 || failed)
                    await Task.Delay(failed ? TimeSpan.FromMilliseconds(500) : settings.ConsumerPollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                if (ex is RedisServerException { Message: var m } && m.StartsWith("NOGROUP")) _groupsReady.Clear();
                logger.LogWarning("Event consumer cannot read its streams: {Error}", ex.Message);
                pendingFirst = true;
                try { await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Returns false when the entry stays pending for another attempt.</summary>
    private async Task<bool> HandleAsync(string key, StreamEntry entry, CancellationToken ct)
    {
        var settings = options.Value;
        var entryId = entry.Id.ToString();
        EventEnvelope envelope;
        try
        {
            envelope = RedisStreamTransport.Read(entry);
        }
        catch (Exception ex)
        {
            // Not even an envelope: nothing to apply or replay; drop it loudly.
            logger.LogError(ex, "Unreadable stream entry {Entry} on {Stream} acknowledged and dropped", entryId, key);
            await AckAsync(key, entry.Id);
            return true;
        }
        var attempt = _attempts[entryId] = _attempts.GetValueOrDefault(entryId) + 1;
        try
        {
            await processor.ProcessAsync(envelope, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            if (attempt < settings.MaxDeliveryAttempts)
            {
                logger.LogWarning("Applying {Type} {Id} failed (attempt {Attempt}): {Error}", envelope.Type, envelope.Id, attempt, ex.Message);
                return false;
            }
            logger.LogError(ex, "{Type} {Id} failed {Attempts} times; moved to the dead-letter list", envelope.Type, envelope.Id, attempt);
            await processor.DeadLetterAsync(envelope, ex, attempt, ct);
        }
        await AckAsync(key, entry.Id);
        _attempts.Remove(entryId);
        return true;
    }

    private Task AckAsync(string key, RedisValue id) =>
        redis.GetDatabase().StreamAcknowledgeAsync(key, options.Value.ConsumerGroup, id);

    private async Task<StreamEntry[]> ClaimAbandonedAsync(string key)
    {
        if (DateTimeOffset.UtcNow < _nextClaim.GetValueOrDefault(key)) return [];
        _nextClaim[key] = DateTimeOffset.UtcNow + options.Value.ClaimIdleAfter / 2;
        var claimed = await redis.GetDatabase().StreamAutoClaimAsync(key, options.Value.ConsumerGroup, _consumerName,
            (long)options.Value.ClaimIdleAfter.TotalMilliseconds, "0-0", 50);
        return claimed.ClaimedEntries;
    }

    private async Task EnsureGroupAsync(string key)
    {
        if (_groupsReady.Contains(key)) return;
        try
        {
            // From the start of the stream: events published before this service first ran are still applied.
            await redis.GetDatabase().StreamCreateConsumerGroupAsync(key, options.Value.ConsumerGroup, "0-0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP")) { }
        _groupsReady.Add(key);
    }
}
