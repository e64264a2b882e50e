namespace SheqingMinyi.Identity.Webhooks;

/// <summary>
/// The integration events partners may subscribe to, each with the scope its client must hold (a webhook tells no more
/// than the client could read) and what of the event is sent as <c>data</c>: the event's own tenant's facts only (a
/// forwarded copy's origin in another tenant is left out; a 主席直通车 item, restricted to named persons, is not sent).
/// </summary>
public sealed class WebhookCatalogue
{
    private readonly Dictionary<string, (string Scope, Func<object, object?> Data)> _entries = new(StringComparer.Ordinal);

    public IEnumerable<string> EventTypes => _entries.Keys.Order(StringComparer.Ordinal);

    public void Add<TEvent>(string scope, Func<TEvent, object?> data) where TEvent : notnull =>
        _entries[BuildingBlocks.Messaging.EventTypeNames.Of<TEvent>()] = (scope, e => data((TEvent)e));

    public bool Contains(string eventType) => _entries.ContainsKey(eventType);

    public string ScopeOf(string eventType) => _entries[eventType].Scope;

    /// <summary>The <c>data</c> of the webhook payload, or null when this event is not sent at all.</summary>
    public object? DataOf<TEvent>(TEvent @event) where TEvent : notnull =>
        _entries.TryGetValue(BuildingBlocks.Messaging.EventTypeNames.Of<TEvent>(), out var entry) ? entry.Data(@event) : null;
}

/// <summary>The Standard Webhooks payload: the event's name, when it happened, its data.</summary>
public sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, object Data);
