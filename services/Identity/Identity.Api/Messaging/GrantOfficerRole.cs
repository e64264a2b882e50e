using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Security;

namespace SheqingMinyi.Identity.Messaging;

/// <summary>
/// The <c>officer</c> role follows the people service's appointments (聘任) in the appointing tenant (the envelope's):
/// the accounts linked to the person gain it when an appointment starts and lose it when their last active one ends,
/// with their tokens revoked like a disabled account's. AppointmentStarted also records the person as known in the
/// appointing tenant, so its admin may invite a person of another body it appointed (the event names no one, so the
/// name stays empty unless the person is the tenant's own). Idempotent and order-free by the appointment's Version.
/// A role an admin gave by hand is indistinguishable: the last appointment's end takes it too.
/// </summary>
public sealed class GrantOfficerRole(IdentityDbContext db, TimeProvider clock) : IEventHandler<AppointmentStarted>, IEventHandler<AppointmentEnded>
{
    public async Task HandleAsync(AppointmentStarted e, EventContext context, CancellationToken ct)
    {
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO known_persons (tenant_id, person_id, name, registered_at)
            VALUES ({context.TenantId}, {e.PersonId}, '', {context.OccurredAt.ToUniversalTime()})
            ON CONFLICT (tenant_id, person_id) DO NOTHING
            """, ct);
        await ApplyAsync(context.TenantId, e.AppointmentId, e.PersonId, active: true, e.Version, ct);
    }

    public Task HandleAsync(AppointmentEnded e, EventContext context, CancellationToken ct) =>
        ApplyAsync(context.TenantId, e.AppointmentId, e.PersonId, active: false, e.Version, ct);

    private async Task ApplyAsync(string tenantId, Guid appointmentId, Guid personId, bool active, int version, CancellationToken ct)
    {
        var known = await db.OfficerAppointments.FirstOrDefaultAsync(a => a.TenantId == tenantId && a.AppointmentId == appointmentId, ct);
        if (known is { } && known.Version >= version) return;
        if (known is null)
            db.OfficerAppointments.Add(known = new OfficerAppointment { TenantId = tenantId, AppointmentId = appointmentId, PersonId = personId });
        known.Active = active;
        known.Version = version;

        var appointed = active || await db.OfficerAppointments.AnyAsync(a => a.TenantId == tenantId && a.PersonId == personId
            && a.AppointmentId != appointmentId && a.Active, ct);
        var now = clock.GetUtcNow();
        foreach (var account in await db.Accounts.Where(a => a.TenantId == tenantId && a.PersonId == personId).ToListAsync(ct))
        {
            if (appointed) account.GrantRole(PlatformRoles.Officer);
            else if (account.WithdrawRole(PlatformRoles.Officer, now) is { } revocation) db.Revocations.Add(revocation);
        }
    }
}

public static class OfficerAppointments
{
    public static IHostApplicationBuilder AddOfficerAppointments(this IHostApplicationBuilder builder) => builder
        .AddEventHandler<AppointmentStarted, GrantOfficerRole>()
        .AddEventHandler<AppointmentEnded, GrantOfficerRole>();

    /// <summary>Whether the person holds an active appointment of the tenant (an account invited now gets the role).</summary>
    public static Task<bool> IsAppointedAsync(this IdentityDbContext db, string tenantId, Guid personId, CancellationToken ct) =>
        db.OfficerAppointments.AnyAsync(a => a.TenantId == tenantId && a.PersonId == personId && a.Active, ct);
}
