namespace SheqingMinyi.Identity.Webhooks;

/// <summary>
/// The integration events partners may subscribe to, each with the scope its client must hold (a webhook tells no more
/// than the client could read) and what of the event is sent as <c>data</c>: the event's own tenant's facts only (a
/// forwarded copy's origin in another tenant is left out; a 主席直通车 item, restricted to named persons, is not sent).
/// </summary>
public sealed class WebhookCatalogue
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(string Scope, Func<object, object?> Data, Func<object, IEnumerable<Guid>>? Departments);

    public IEnumerable<string> EventTypes => _entries.Keys.Order(StringComparer.Ordinal);

    /// <summary>The types a department's client may subscribe to: those naming the departments they concern.</summary>
    public IEnumerable<string> DepartmentEventTypes => _entries.Where(e => e.Value.Departments is not null).Select(e => e.Key).Order(StringComparer.Ordinal);

    /// <summary>An event type; <paramref name="departments"/> (the lead and co-handling departments it names) makes it one a
    /// department's client may subscribe to, delivered only to the endpoints of the departments it names.</summary>
    public void Add<TEvent>(string scope, Func<TEvent, object?> data, Func<TEvent, IEnumerable<Guid>>? departments = null) where TEvent : notnull =>
        _entries[BuildingBlocks.Messaging.EventTypeNames.Of<TEvent>()] =
            new(scope, e => data((TEvent)e), departments is null ? null : e => departments((TEvent)e));

    public bool Contains(string eventType) => _entries.ContainsKey(eventType);

    public bool IsForDepartments(string eventType) => _entries.TryGetValue(eventType, out var entry) && entry.Departments is not null;

    public string ScopeOf(string eventType) => _entries[eventType].Scope;

    /// <summary>The departments the event names (empty for an event that names none).</summary>
    public IReadOnlySet<Guid> DepartmentsOf<TEvent>(TEvent @event) where TEvent : notnull =>
        _entries.TryGetValue(BuildingBlocks.Messaging.EventTypeNames.Of<TEvent>(), out var entry) && entry.Departments is { } departments
            ? departments(@event).ToHashSet()
            : new HashSet<Guid>();

    /// <summary>The <c>data</c> of the webhook payload, or null when this event is not sent at all.</summary>
    public object? DataOf<TEvent>(TEvent @event) where TEvent : notnull =>
        _entries.TryGetValue(BuildingBlocks.Messaging.EventTypeNames.Of<TEvent>(), out var entry) ? entry.Data(@event) : null;
}

/// <summary>The Standard Webhooks payload: the event's name, when it happened, its data.</summary>
public sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, object Data);
