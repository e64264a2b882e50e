using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Data;

/// <summary>
/// 跨租户参加: after a change to an event (under its lock, before the commit) the guests of other tenants are kept in
/// step: each guest's <see cref="GuestEntry"/> mirrors the registration and the hours, and a new attendance of a guest
/// is credited with an AttendanceRecorded (a removal taken back with AttendanceRemoved) in the guest's OWN tenant (its scoring and people credit it; the owner's
/// do not, the person is not theirs). All in the owner's transaction, so a guest's credit commits with the check-in.
/// </summary>
public static class GuestCredits
{
    public static async Task SyncAsync(TrainingDbContext db, TrainingEvent training, CancellationToken ct)
    {
        var forGuests = training.TakeGuestEvents();
        var guests = await db.Registrations.AsNoTracking().Where(r => r.TrainingEventId == training.Id && r.GuestTenantId != null).ToListAsync(ct);
        var persons = guests.Select(g => g.PersonId).ToList();
        var hours = await db.Attendances.AsNoTracking().Where(a => a.TrainingEventId == training.Id && persons.Contains(a.PersonId))
            .GroupBy(a => a.PersonId).Select(g => new { g.Key, Sessions = g.Count(), Hours = g.Sum(a => a.Hours) }).ToDictionaryAsync(x => x.Key, ct);
        var entries = await db.GuestEntries.Where(g => g.TrainingEventId == training.Id && g.OwnerTenantId == training.TenantId).ToDictionaryAsync(g => g.PersonId, ct);
        foreach (var guest in guests)
        {
            if (!entries.TryGetValue(guest.PersonId, out var entry)) db.GuestEntries.Add(entry = new GuestEntry());
            var credited = hours.GetValueOrDefault(guest.PersonId);
            entry.CopyFrom(training, guest, credited?.Sessions ?? 0, credited?.Hours ?? 0);
        }
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
        foreach (var (tenant, @event) in forGuests)
            await db.PublishInTenantAsync(training.TenantId, tenant, @event, ct);
    }
}
