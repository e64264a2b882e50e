using Microsoft.EntityFrameworkCore;
using SheqingMinyi.Review.Data;

namespace SheqingMinyi.Review.Domain.Feedback;

/// <summary>
/// 约稿邀请: writes a solicitation's invitation to the persons not yet invited, one inbox row each. Both ways an
/// invitation is made — the issue (persons known then) and a person announced later — take the tenant's lock first,
/// so neither misses what the other committed meanwhile (the issue does not miss a person announced at the same moment,
/// nor the person the issue), and the invitation's key keeps it to one.
/// </summary>
public static class SolicitationInvitations
{
    public const string Kind = "solicitation-invited";

    public static Task LockAsync(ReviewDbContext db, string tenantId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({"review.solicitation-invitations:" + tenantId}))", ct);

    /// <summary>Invites those of <paramref name="persons"/> not invited yet; <paramref name="sourceEventId"/> null: each
    /// invitation is its own source (a person's announcement may invite them to several solicitations).</summary>
    public static async Task InviteAsync(ReviewDbContext db, string tenantId, SolicitationAudience solicitation, IReadOnlyCollection<Guid> persons,
        Guid? sourceEventId, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = persons.Where(p => p != Guid.Empty).Distinct().ToList();
        if (wanted.Count == 0) return;
        var invited = await db.SolicitationInvitations.Where(i => i.SolicitationId == solicitation.SolicitationId && wanted.Contains(i.PersonId))
            .Select(i => i.PersonId).ToListAsync(ct);
        invited.AddRange(db.SolicitationInvitations.Local.Where(i => i.SolicitationId == solicitation.SolicitationId).Select(i => i.PersonId));
        var invitees = wanted.Except(invited).ToList();
        if (invitees.Count == 0) return;
        if (sourceEventId is { } issue)
        {
            // At the issue: one note to all, dated when it was issued.
            foreach (var person in invitees) db.SolicitationInvitations.Add(Invitation(tenantId, solicitation, person, issue, now));
            await FeedbackInbox.DeliverAsync(db, tenantId, Note(solicitation, invitees, solicitation.IssuedAt), issue, now, ct);
            return;
        }
        // Later: dated now, so it comes in the inbox's order after what the person already had.
        foreach (var person in invitees)
        {
            var invitation = Invitation(tenantId, solicitation, person, Guid.CreateVersion7(), now);
            db.SolicitationInvitations.Add(invitation);
            await FeedbackInbox.DeliverAsync(db, tenantId, Note(solicitation, [person], now), invitation.SourceEventId, now, ct);
        }
    }

    private static SolicitationInvitation Invitation(string tenantId, SolicitationAudience s, Guid person, Guid source, DateTimeOffset now) => new()
    {
        TenantId = tenantId, SolicitationId = s.SolicitationId, PersonId = person, SourceEventId = source, InvitedAt = now,
    };

    private static FeedbackNote Note(SolicitationAudience s, IReadOnlyList<Guid> persons, DateTimeOffset at)
    {
        var bonus = s.Bonus > 0 ? $"，被采用可另加 {s.Bonus:0.##} 分" : "";
        return new FeedbackNote(Kind, "约稿邀请", $"您收到约稿《{s.Title}》，请于 {s.Deadline:yyyy年M月d日} 前报送{bonus}。",
            persons, null, FeedbackItemType.Solicitation, s.SolicitationId, $"/api/intake/solicitations/{s.SolicitationId}", at);
    }
}
