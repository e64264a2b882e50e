namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>Configuration section "Messaging".</summary>
public sealed class MessagingOptions
{
    /// <summary>Prefix of every stream key; tests use their own so runs never see each other's events.</summary>
    public string StreamPrefix { get; set; } = "sqmy";
    /// <summary>The consumer group: the service's name, so replicas of a service share the work.</summary>
    public string ConsumerGroup { get; set; } = "";
    /// <summary>This process's name inside the group; unique per process (a restarted process is a new consumer
    /// whose predecessor's pending entries are claimed after <see cref="ClaimIdleAfter"/>).</summary>
    public string ConsumerName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
    /// <summary>How often the relay looks for due messages when no notification wakes it.</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int RelayBatchSize { get; set; } = 100;
    public TimeSpan MaxPublishBackoff { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How often a consumer reads its streams unasked; with <see cref="WakeOnPublish"/> only the fallback
    /// for a lost wake-up (pub/sub is fire-and-forget), so a missed one costs this long, never a message.</summary>
    public TimeSpan ConsumerPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
    /// <summary>The relay PUBLISHes on each written stream's wake-up channel after a batch, and consumers read at once
    /// when woken. False: consumers only poll (the bench compares both).</summary>
    public bool WakeOnPublish { get; set; } = true;
    /// <summary>Deliveries of one entry (counted by Redis, so crashes count too) before it goes to the dead letters.</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;
    /// <summary>An event about a tenant this service does not know yet is retried, without spending its delivery
    /// attempts, until it is this old (by its stream entry's time): the services start alongside identity, so a
    /// tenant's announcement may arrive after the first events about it. Older, it goes to the dead letters as before.</summary>
    public TimeSpan UnknownTenantGrace { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>How long a tenant not found in known_tenants is taken as unknown before the database is asked again.</summary>
    public TimeSpan KnownTenantRecheck { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>A pending entry idle this long is taken over from a consumer that died.</summary>
    public TimeSpan ClaimIdleAfter { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>How often streams are trimmed below what every consumer group has acknowledged.</summary>
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Entries younger than this stay on a stream even when every group has acknowledged them.</summary>
    public TimeSpan StreamRetainAtLeast { get; set; } = TimeSpan.FromHours(1);
    /// <summary>A stream no group reads keeps this much history (republishing from the outbox covers more).</summary>
    public TimeSpan UnreadStreamRetention { get; set; } = TimeSpan.FromDays(7);

    public string StreamKey(string eventType) => $"{StreamPrefix}:events:{eventType}";
    public string StreamPattern => $"{StreamPrefix}:events:*";
    /// <summary>The pub/sub channel that says new entries are on the event type's stream (a channel, not a key).</summary>
    public string WakeChannel(string eventType) => $"{StreamPrefix}:wake:{eventType}";
}
