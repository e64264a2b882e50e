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
    public static OutboxMessage AddEvent<TEvent>(this DbContext db, string tenantId, TEvent @event) where TEvent : notnull
    {
        var now = DateTimeOffset.UtcNow;
        var activity = Activity.Current;
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Type = EventTypeNames.Of<TEvent>(),
            Payload = JsonSerializer.Serialize(@event, JsonDefaults.Options),
            TraceParent = activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : null,
            TraceState = activity?.TraceStateString,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.Set<OutboxMessage>().Add(message);
        return message;
    }
}
