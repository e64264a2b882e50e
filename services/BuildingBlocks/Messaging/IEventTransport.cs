namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>Carries published events to consumers. The outbox stays the source of truth.</summary>
public interface IEventTransport
{
    Task PublishAsync(EventEnvelope envelope, CancellationToken ct);
}
