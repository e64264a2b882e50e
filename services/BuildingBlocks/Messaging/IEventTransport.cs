namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>Carries published events to consumers. The outbox stays the source of truth.</summary>
public interface IEventTransport
{
    Task PublishAsync(EventEnvelope envelope, CancellationToken ct);

    /// <summary>Tells waiting consumers that events of these types were just published. Best effort: a consumer
    /// that misses it reads them on its next poll.</summary>
    Task WakeConsumersAsync(IReadOnlyCollection<string> eventTypes) => Task.CompletedTask;
}
