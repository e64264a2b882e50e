namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>Configuration section "Messaging".</summary>
public sealed class MessagingOptions
{
    /// <summary>Prefix of every stream key; tests use their own so runs never see each other's events.</summary>
    public string StreamPrefix { get; set; } = "sqmy";
    /// <summary>The consumer group: the service's name, so replicas of a service share the work.</summary>
    public string ConsumerGroup { get; set; } = "";
    /// <summary>How often the relay looks for due messages when no notification wakes it.</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int RelayBatchSize { get; set; } = 100;
    public TimeSpan MaxPublishBackoff { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan ConsumerPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
    /// <summary>Attempts at applying one event before it goes to the dead-letter list.</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;
    /// <summary>A pending entry idle this long is taken over from a consumer that died.</summary>
    public TimeSpan ClaimIdleAfter { get; set; } = TimeSpan.FromSeconds(60);
    public long StreamMaxLength { get; set; } = 1_000_000;

    public string StreamKey(string eventType) => $"{StreamPrefix}:events:{eventType}";
}
