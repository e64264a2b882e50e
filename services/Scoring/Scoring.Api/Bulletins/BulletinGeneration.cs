using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Bulletins;

/// <summary>
/// Generates and stores a bulletin (its BulletinPublished goes to the outbox with the row). On demand every call is a
/// new snapshot; the schedule's is once per period (a unique index: a second pass or replica finds it and stops).
/// </summary>
public sealed class BulletinGeneration(ScoringDbContext db, TimeProvider clock)
{
    public const string ScheduleSubject = "schedule";

    public async Task<Bulletin> GenerateAsync(string tenantId, BulletinPeriod period, bool normalise, string subject, CancellationToken ct)
    {
        var content = await BulletinBuilder.BuildAsync(db, tenantId, period, normalise, ct);
        var bulletin = Bulletin.Create(tenantId, period, content.Title, JsonSerializer.Serialize(content, JsonDefaults.Options), false, clock.GetUtcNow(), subject);
        db.Bulletins.Add(bulletin);
        await db.SaveChangesAsync(ct);
        return bulletin;
    }

    /// <summary>The schedule's bulletin of the period unless it exists; null when it did.</summary>
    public async Task<Bulletin?> GenerateScheduledAsync(string tenantId, BulletinPeriod period, CancellationToken ct)
    {
        if (await db.Bulletins.AnyAsync(b => b.Scheduled && b.Period == period.Key, ct)) return null;
        var content = await BulletinBuilder.BuildAsync(db, tenantId, period, await NormalisesAsync(ct), ct);
        var bulletin = Bulletin.Create(tenantId, period, content.Title, JsonSerializer.Serialize(content, JsonDefaults.Options), true, clock.GetUtcNow(),
            ScheduleSubject);
        db.Bulletins.Add(bulletin);
        try
        {
            await db.SaveChangesAsync(ct);
            return bulletin;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // Another pass or replica stored it first (the unique index); anything else is a real failure.
            if (await db.Bulletins.AnyAsync(b => b.Scheduled && b.Period == period.Key, ct)) return null;
            throw;
        }
    }

    /// <summary>The tenant's setting: normalise rates by unit size (off unless the tenant admin turned it on).</summary>
    public Task<bool> NormalisesAsync(CancellationToken ct) =>
        db.BulletinSettings.AsNoTracking().Select(s => s.NormaliseByUnitSize).FirstOrDefaultAsync(ct);

    public static BulletinContent Read(Bulletin bulletin) =>
        JsonSerializer.Deserialize<BulletinContent>(bulletin.Content, JsonDefaults.Options) ?? throw new InvalidOperationException(bulletin.Id.ToString());
}
