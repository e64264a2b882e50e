using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain.Feedback;

namespace SheqingMinyi.Review.Messaging;

/// <summary>
/// 约稿邀请 for a person the people service announces (registered, or moved into a target unit) while a solicitation
/// that targets them is open: they get the invitation the persons known at its issue got, once. Runs in the transaction
/// of the person's event, after review's directory took the newer state; the invitations' key and the tenant's lock
/// (shared with the issue) make it exactly one whatever the order of the issue and the announcement, and however often
/// either is delivered.
/// </summary>
public sealed class InviteLateJoiners(ReviewDbContext db, TimeProvider clock) : IPersonAnnouncementListener
{
    public async Task PersonAnnouncedAsync(string tenantId, Guid personId, IReadOnlyList<string> roles, IReadOnlyList<string>? kinds, CancellationToken ct)
    {
        // The directory's row as this event left it (tracked, not saved yet).
        var person = db.Set<DirectoryPerson>().Local.FirstOrDefault(p => p.PersonId == personId);
        if (person is null || person.DeactivatedAt is not null) return;
        await SolicitationInvitations.LockAsync(db, tenantId, ct);
        var now = clock.GetUtcNow();
        var today = BodyCalendar.Today(now);
        var unit = person.UnitId;
        var open = await db.SolicitationAudiences
            .Where(s => s.ClosedAt == null && s.Deadline >= today
                && (s.TargetPersonIds.Contains(personId) || unit != null && s.TargetUnitIds.Contains(unit.Value)))
            .ToListAsync(ct);
        foreach (var solicitation in open.Where(s => s.IsOpenOn(today) && s.Targets(personId, unit)))
            await SolicitationInvitations.InviteAsync(db, tenantId, solicitation, [personId], sourceEventId: null, now, ct);
    }
}
