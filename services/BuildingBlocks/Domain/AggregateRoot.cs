namespace SheqingMinyi.BuildingBlocks.Domain;

/// <summary>
/// An aggregate of a tenant: its methods change state and raise the integration events that change implies. The
/// service's context stages raised events in the outbox when it saves, in the same transaction as the change, so
/// no endpoint or handler publishes anything itself.
/// </summary>
public abstract class AggregateRoot
{
    private readonly List<object> _raised = [];

    public string TenantId { get; protected set; } = "";

    protected void Raise(object integrationEvent) => _raised.Add(integrationEvent);

    /// <summary>The events raised since the last save, handed over once (called by the context at SaveChanges).</summary>
    public IReadOnlyList<object> TakeRaisedEvents()
    {
        var raised = _raised.ToList();
        _raised.Clear();
        return raised;
    }
}
