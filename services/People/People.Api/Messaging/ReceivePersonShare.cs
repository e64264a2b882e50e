using SheqingMinyi.BuildingBlocks.Calendar;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.People.Apis;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Messaging;

/// <summary>
/// Delivers a share to the tenant it names: the event comes under the sharing tenant, whose rows the receiving tenant
/// may not read, so the receiving tenant's copy (<see cref="ReceivedShare"/>) is written in a scope of that tenant
/// (its own row security). A withdrawal also revokes the receiving tenant's active appointment of the person.
/// Idempotent and order-free by the share's Version: a repeat or an older event changes nothing. The copy commits
/// before the inbox row; if that fails, the redelivery finds the version applied.
/// </summary>
public sealed class ReceivePersonShare(IServiceScopeFactory scopes, TimeProvider clock) : IEventHandler<PersonShareChanged>
{
    public const string WithdrawnReason = "共享已撤回 (share withdrawn)";

    public async Task HandleAsync(PersonShareChanged e, EventContext context, CancellationToken ct)
    {
        if (e.SharedWithTenantId == context.TenantId) return;
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(e.SharedWithTenantId);
        var db = scope.ServiceProvider.GetRequiredService<PeopleDbContext>();
        var received = await db.ReceivedShares.FirstOrDefaultAsync(s => s.Id == e.ShareId, ct);
        if (received is null)
        {
            received = ReceivedShare.Receive(e, context.TenantId);
            db.ReceivedShares.Add(received);
        }
        else if (!received.Apply(e))
            return;
        if (!received.IsActive) await RevokeAppointmentsAsync(db, e.PersonId, context.TenantId, ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task RevokeAppointmentsAsync(PeopleDbContext db, Guid personId, string sharingTenantId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var active = await db.Appointments.Where(a => a.PersonId == personId && a.PersonTenantId == sharingTenantId
            && a.Status == AppointmentStatus.Active).ToListAsync(ct);
        foreach (var appointment in active)
            appointment.Revoke(WithdrawnReason, BodyCalendar.Today(now));
    }
}
