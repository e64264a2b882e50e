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

    /// <summary>
    /// Publishes an event under ANOTHER tenant, in the transaction the caller holds open (a guest of another tenant's
    /// shared event is credited in the guest's own tenant, with the owner's change or not at all). Row security stays
    /// the judge: the connection's tenant becomes <paramref name="tenantId"/> for this one write (set_config local to
    /// the transaction) and goes back to <paramref name="scopeTenantId"/> after it, so the outbox row passes the policy
    /// only as the other tenant's, and nothing else is read or written in its name. Saves the context.
    /// </summary>
    public static async Task PublishInTenantAsync(this DbContext db, string scopeTenantId, string tenantId, object @event, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Publishing under another tenant needs the caller's transaction.");
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct); // the scope's own changes, as the scope's tenant
        await SetTenantAsync(db, tenantId, ct);
        db.AddEvent(tenantId, @event, @event.GetType());
        await db.SaveChangesAsync(ct);
        await SetTenantAsync(db, scopeTenantId, ct);
    }

    private static Task SetTenantAsync(DbContext db, string tenantId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT set_config({Persistence.RowLevelSecurity.TenantSetting}, {tenantId}, true)", ct);

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
