using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Quotas;

/// <summary>What a reminder run did for a month: the persons told now, and those told before in the same month.</summary>
public sealed record ReminderRun(string Month, int Published, int AlreadySent);

/// <summary>
/// 任务提醒: tells each person behind on a quota in a month (<see cref="QuotaLine.Behind"/>) once, by a
/// QuotaReminderDue in the outbox, written with the person's reminder row in one transaction under the tenant's lock,
/// so a second run of the month (an operator's POST, the worker's next pass, another replica) publishes nothing new.
/// </summary>
public sealed class QuotaReminders(ScoringDbContext db, TimeProvider clock)
{
    public async Task<ReminderRun> RunAsync(string tenantId, int year, int month, CancellationToken ct)
    {
        var key = $"{year:0000}-{month:00}";
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended('scoring-quota-reminders:' || {tenantId}, 0))", ct);
            var rules = await QuotaProgress.RulesAsync(db, ct);
            var standing = await QuotaProgress.StandingAsync(db, tenantId, rules, year, month, ct);
            var sent = (await db.QuotaReminders.AsNoTracking().Where(r => r.Month == key).Select(r => r.PersonId).ToListAsync(ct)).ToHashSet();
            var now = clock.GetUtcNow();
            var (published, already) = (0, 0);
            foreach (var person in standing.Persons)
            {
                var behind = person.Quotas.Where(q => q.Behind).Select(q => new QuotaShortfall(q.Quota, q.Target, q.Done)).ToList();
                if (behind.Count == 0) continue;
                if (sent.Contains(person.PersonId)) { already++; continue; }
                db.QuotaReminders.Add(new QuotaReminder { TenantId = tenantId, PersonId = person.PersonId, Month = key, SentAt = now });
                db.AddEvent(tenantId, new QuotaReminderDue(person.PersonId, key, 12 - month, behind, now));
                published++;
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new ReminderRun(key, published, already);
        });
    }
}
