using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Data;

/// <summary>
/// Work on one event under a lock on its row: registrations, cancellations, check-ins and edits of one event run one
/// at a time, so capacity is counted and taken in one step and a waiting list moves up exactly once. Guests of other
/// tenants are kept in step in the same transaction (<see cref="GuestCredits"/>).
/// </summary>
public static class EventLocks
{
    /// <summary>Runs <paramref name="work"/> on the locked event (null when the tenant has none with that id) with its
    /// sessions loaded; saves and commits when it says so, else changes nothing.</summary>
    public static Task<T> LockedAsync<T>(this TrainingDbContext db, Guid id, Func<TrainingEvent?, Task<(T Result, bool Save)>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await JoinedTransaction.BeginOrJoinAsync(db.Database, ct);
            var training = await db.Events.FromSql($"SELECT * FROM training_events WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(ct);
            if (training is not null) await db.Entry(training).Collection(t => t.Sessions).LoadAsync(ct);
            var (result, save) = await work(training);
            if (save)
            {
                await db.SaveChangesAsync(ct);
                if (training is not null) await GuestCredits.SyncAsync(db, training, ct);
                await transaction.CommitAsync(ct);
            }
            return result;
        });

    /// <summary>The persons registered (confirmed or waiting): whom a change or a cancellation concerns.</summary>
    public static Task<List<Guid>> RegistrantsAsync(this TrainingDbContext db, Guid eventId, CancellationToken ct) =>
        db.Registrations.Where(r => r.TrainingEventId == eventId && r.Status != RegistrationStatus.Cancelled)
            .OrderBy(r => r.RegisteredAt).Select(r => r.PersonId).ToListAsync(ct);

    /// <summary>Keeps the event's public listing in step with it, in the same save (see <see cref="SharedEventListing"/>).</summary>
    public static async Task SyncSharedListingAsync(this TrainingDbContext db, TrainingEvent training, CancellationToken ct)
    {
        var listing = await db.SharedListings.FirstOrDefaultAsync(l => l.TrainingEventId == training.Id, ct);
        if (!SharedEventListing.IsListed(training))
        {
            if (listing is not null) db.SharedListings.Remove(listing);
            return;
        }
        if (listing is null) db.SharedListings.Add(listing = new SharedEventListing());
        listing.CopyFrom(training);
    }
}
