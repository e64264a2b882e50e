using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Files;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.TrainingEvents.CheckIn;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Data;

/// <summary>A registration as it stands after a change, with its place on the waiting list when it waits.</summary>
public sealed record RegistrationEntry(Registration Registration, int? WaitingPosition);

/// <summary>
/// 报名台: entering and leaving an event's registrations, on the locked event (see <see cref="EventLocks"/>): capacity
/// counted and taken in one step; a freed confirmed place goes to the first waiting, once.
/// </summary>
public static class RegistrationDesk
{
    public static async Task<Outcome<RegistrationEntry>> EnterAsync(TrainingDbContext db, TrainingEvent training, Guid personId, Guid? registeredBy,
        string? guestTenantId, DateTimeOffset now, CancellationToken ct)
    {
        if (training.CannotRegister(now) is { } closed) return closed;
        var confirmed = await db.Registrations.CountAsync(r => r.TrainingEventId == training.Id && r.Status == RegistrationStatus.Confirmed, ct);
        var registration = await db.Registrations.FirstOrDefaultAsync(r => r.TrainingEventId == training.Id && r.PersonId == personId, ct);
        if (registration is null)
            db.Registrations.Add(registration = Registration.Create(training, personId, registeredBy, confirmed, now, guestTenantId));
        else if (registration.Renew(training, registeredBy, confirmed, now) is { Error: { } refused })
            return refused;
        var position = registration.Status == RegistrationStatus.Waiting
            ? await db.Registrations.CountAsync(r => r.TrainingEventId == training.Id && r.Status == RegistrationStatus.Waiting, ct) + 1
            : (int?)null;
        return new RegistrationEntry(registration, position);
    }

    public static async Task<Outcome<RegistrationEntry>> LeaveAsync(TrainingDbContext db, TrainingEvent training, Guid personId, DateTimeOffset now, CancellationToken ct)
    {
        var registration = await db.Registrations.FirstOrDefaultAsync(r => r.TrainingEventId == training.Id && r.PersonId == personId, ct);
        if (registration is null) return new DomainError("not-found", "未找到报名", $"Person '{personId}' has no registration for this event.");
        var wasConfirmed = registration.Status == RegistrationStatus.Confirmed;
        if (registration.Cancel(now) is { Error: { } refused }) return refused;
        if (wasConfirmed && training.Status is TrainingEventStatus.Open or TrainingEventStatus.Closed or TrainingEventStatus.Planned)
        {
            var confirmed = await db.Registrations.CountAsync(r => r.TrainingEventId == training.Id && r.Status == RegistrationStatus.Confirmed && r.Id != registration.Id, ct);
            if (training.Capacity is not { } capacity || confirmed < capacity)
                (await db.Registrations.Where(r => r.TrainingEventId == training.Id && r.Status == RegistrationStatus.Waiting)
                    .OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id).FirstOrDefaultAsync(ct))?.Promote(now);
        }
        return new RegistrationEntry(registration, null);
    }
}

/// <summary>
/// 跨租户报名: a person of another body registers for (or leaves) an event its owner shared with the platform. The
/// registration is the owner's row, written in a scope of the owner tenant (the application login under the owner's
/// row security, as <c>ReceivePersonShare</c> does in people); only an event still shared takes guests, and only the
/// guest's person id and tenant cross. The owner's audit trail records it.
/// </summary>
public sealed class GuestRegistrations(IServiceScopeFactory scopes)
{
    private static readonly DomainError NotShared = new("not-found", "未找到", "No event shared with other tenants has this id.");

    /// <summary>The guest registers themselves; <paramref name="guestKinds"/> are their kinds as their own tenant announced
    /// them, for an event whose audience is kinds of person (<see cref="Audiences.RefusesGuest"/>).</summary>
    public Task<Outcome<RegistrationEntry>> EnterAsync(string ownerTenantId, Guid eventId, string guestTenantId, Guid personId,
        IReadOnlyCollection<string> guestKinds, DateTimeOffset now, CancellationToken ct) =>
        InOwnerScopeAsync(ownerTenantId, eventId, (db, training) => Audiences.RefusesGuest(training, guestKinds) is { } refused
                ? Task.FromResult<Outcome<RegistrationEntry>>(refused)
                : RegistrationDesk.EnterAsync(db, training, personId, null, guestTenantId, now, ct),
            entry => ("training.guest-registered", $"events/{eventId}/registrations/{personId}", $"{guestTenantId}: {ApiEnums.Name(entry.Registration.Status)}"), ct);

    public Task<Outcome<RegistrationEntry>> LeaveAsync(string ownerTenantId, Guid eventId, string guestTenantId, Guid personId, DateTimeOffset now, CancellationToken ct) =>
        InOwnerScopeAsync(ownerTenantId, eventId, async (db, training) =>
            await db.Registrations.AnyAsync(r => r.TrainingEventId == eventId && r.PersonId == personId && r.GuestTenantId == guestTenantId, ct)
                ? await RegistrationDesk.LeaveAsync(db, training, personId, now, ct)
                : new DomainError("not-found", "未找到报名", "This guest has no registration for the event."),
            _ => ("training.guest-cancelled", $"events/{eventId}/registrations/{personId}", $"{guestTenantId}: cancelled"), ct);

    /// <summary>跨租户签到: the guest scanned the owner's code (already verified against the owner's key and tenant); the
    /// attendance is the owner's row, the credit goes to the guest's tenant (<see cref="GuestCredits"/>).</summary>
    public Task<Outcome<Attendance>> CheckInAsync(string ownerTenantId, Guid eventId, Guid sessionId, string guestTenantId, Guid personId,
        CheckInCodes codes, DateTimeOffset now, CancellationToken ct) =>
        InOwnerScopeAsync(ownerTenantId, eventId, (db, training) => Apis.AttendanceApi.CheckInLockedAsync(db, training, sessionId, personId, guestTenantId, codes, now, ct),
            attendance => ("training.guest-checked-in", $"events/{eventId}/sessions/{sessionId}/attendance/{personId}", $"{guestTenantId}: {attendance.Hours:0.##}h"), ct);

    /// <summary>
    /// 跨租户材料: the event's file materials for a guest registered for it (confirmed or waiting, under the guest's
    /// tenant) while it is shared: the list, or one file's record when <paramref name="fileId"/> is given (audited on the
    /// owner's trail). Null when the event is not shared, the guest has no registration, or the event lists no such file:
    /// nothing else of the owner is read.
    /// </summary>
    public async Task<(IReadOnlyList<MaterialFile> Materials, StoredFile? File)?> MaterialsAsync(string ownerTenantId, Guid eventId,
        string guestTenantId, Guid personId, Guid? fileId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(ownerTenantId);
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        var training = await db.Events.AsNoTracking().FirstOrDefaultAsync(t => t.Id == eventId, ct);
        if (training is not { SharedWithOtherTenants: true }) return null;
        if (!await db.Registrations.AnyAsync(r => r.TrainingEventId == eventId && r.PersonId == personId && r.GuestTenantId == guestTenantId
                && r.Status != RegistrationStatus.Cancelled, ct))
            return null;
        if (fileId is not { } wanted) return (training.MaterialFiles, null);
        if (training.MaterialFiles.All(m => m.FileId != wanted)) return null;
        var file = await db.Set<StoredFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == wanted && f.TenantId == ownerTenantId, ct);
        if (file is null) return null;
        db.AddAudit(ownerTenantId, "guest", "training.guest-material-downloaded", $"events/{eventId}/materials/{wanted}", $"{guestTenantId}: {personId}");
        await db.SaveChangesAsync(ct);
        return (training.MaterialFiles, file);
    }

    private async Task<Outcome<T>> InOwnerScopeAsync<T>(string ownerTenantId, Guid eventId,
        Func<TrainingDbContext, TrainingEvent, Task<Outcome<T>>> work, Func<T, (string Action, string Resource, string Outcome)> audit,
        CancellationToken ct) where T : class
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(ownerTenantId);
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        return await db.LockedAsync<Outcome<T>>(eventId, async training =>
        {
            if (training is null || !training.SharedWithOtherTenants) return (NotShared, false);
            var outcome = await work(db, training);
            if (outcome.Value is not { } entry) return (outcome, false);
            var (action, resource, text) = audit(entry);
            db.AddAudit(ownerTenantId, "guest", action, resource, text);
            return (outcome, true);
        }, ct);
    }
}
