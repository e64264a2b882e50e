using Microsoft.Extensions.Hosting;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace SheqingMinyi.BuildingBlocks.Messaging;

public static class Outbox
{
    /// <summary>
    /// Stages an integration event in the outbox of <paramref name="db"/>; it is written by the same
    /// SaveChanges (and so the same transaction) as the state change, and carries the current trace context.
    /// </summary>
    public static OutboxMessage AddEvent<TEvent>(this DbContext db, string tenantId, TEvent @event) where TEvent : notnull =>
        db.AddEvent(tenantId, @event, typeof(TEvent));

    /// <summary>An event whose type is known only at run time (raised by an aggregate).</summary>
    public static OutboxMessage AddEvent(this DbContext db, string tenantId, object @event, Type eventType)
    {
        var now = DateTimeOffset.UtcNow;
        var activity = Activity.Current;
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Type = EventTypeNames.Of(eventType),
            Payload = JsonSerializer.Serialize(@event, eventType, JsonDefaults.Options),
            TraceParent = activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : null,
            TraceState = activity?.TraceStateString,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.Set<OutboxMessage>().Add(message);
        return message;
    }
}
