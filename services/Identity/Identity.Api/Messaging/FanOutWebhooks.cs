using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;
using SheqingMinyi.Identity.Webhooks;

namespace SheqingMinyi.Identity.Messaging;

/// <summary>
/// Turns one integration event into one delivery per enabled endpoint of the event's tenant that subscribed to its type,
/// in the inbox's transaction (so a redelivered event adds none; a unique index on endpoint and event backs that up). Only
/// the envelope's tenant is searched — by the query, the query filter and row security — so no other tenant's endpoint
/// ever gets it; a department's endpoint only the events naming its department. Nothing is sent here: <see cref="WebhookSender"/> does, so a slow receiver slows no service. Order-free:
/// each event is a fact of its own, and the payload carries the event's own sequence fields for receivers that keep state.
/// </summary>
public sealed class FanOutWebhooks<TEvent>(IdentityDbContext db, WebhookCatalogue catalogue, TimeProvider clock) : IEventHandler<TEvent>
    where TEvent : notnull
{
    public async Task HandleAsync(TEvent @event, EventContext context, CancellationToken ct)
    {
        if (catalogue.DataOf(@event) is not { } data) return;
        var type = EventTypeNames.Of<TEvent>();
        var tenant = context.TenantId;
        var endpoints = await db.WebhookEndpoints.Where(e => e.TenantId == tenant && e.Enabled && e.EventTypes.Contains(type)).ToListAsync(ct);
        // A department's endpoint gets only the events that name its department (lead or co-handling).
        var departments = catalogue.DepartmentsOf(@event);
        endpoints.RemoveAll(e => e.DepartmentId is { } department && !departments.Contains(department));
        if (endpoints.Count == 0) return;
        var body = JsonSerializer.Serialize(new WebhookPayload(type, context.OccurredAt.ToUniversalTime(), data), JsonDefaults.Options);
        var now = clock.GetUtcNow();
        foreach (var endpoint in endpoints)
            db.WebhookDeliveries.Add(WebhookDelivery.For(endpoint, context.EventId, type, body, now));
    }
}
