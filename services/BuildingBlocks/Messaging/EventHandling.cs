using Microsoft.Extensions.DependencyInjection;

namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>What a handler knows about the event it applies besides its payload.</summary>
public sealed record EventContext(Guid EventId, string TenantId, string? TraceId, DateTimeOffset OccurredAt)
{
    internal List<Func<CancellationToken, Task>> AfterCommit { get; } = [];

    /// <summary>Work outside the database (e.g. a cache update) to run once the effect has committed. A failure is
    /// tried again for about half a minute, then given up: use it only for state that can be rebuilt from the database.</summary>
    public void OnCommitted(Func<CancellationToken, Task> action) => AfterCommit.Add(action);
}

/// <summary>Applies one integration event to the service's own state, inside the inbox transaction:
/// changes go to the scoped DbContext and are saved by the consumer, never by the handler.</summary>
public interface IEventHandler<in TEvent>
{
    Task HandleAsync(TEvent @event, EventContext context, CancellationToken ct);
}

/// <summary>The event types a service consumes and how each is dispatched to its handler.</summary>
public sealed class EventSubscriptions
{
    private readonly Dictionary<string, Func<IServiceProvider, EventEnvelope, EventContext, CancellationToken, Task>> _dispatch = new();

    public IReadOnlyCollection<string> EventTypes => _dispatch.Keys;

    public void Add<TEvent, THandler>() where THandler : IEventHandler<TEvent>
    {
        _dispatch[EventTypeNames.Of<TEvent>()] = (services, envelope, context, ct) =>
            services.GetRequiredService<THandler>().HandleAsync(envelope.Deserialize<TEvent>(), context, ct);
    }

    public Task DispatchAsync(IServiceProvider services, EventEnvelope envelope, EventContext context, CancellationToken ct) =>
        _dispatch.TryGetValue(envelope.Type, out var dispatch)
            ? dispatch(services, envelope, context, ct)
            : throw new InvalidOperationException($"No handler for event type {envelope.Type}.");
}
