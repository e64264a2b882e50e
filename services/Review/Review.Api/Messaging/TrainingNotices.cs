using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain.Feedback;

namespace SheqingMinyi.Review.Messaging;

/// <summary>
/// 培训活动变更/取消 in the registrants' inboxes. The inbox drops a redelivered envelope; beyond that a registrant is told
/// of a change only if no notice of the same or a later change of the event reached them (a republish, or an older change
/// arriving late, adds nothing), of nothing more once told of the cancellation, and of a cancellation once.
/// </summary>
public static class TrainingNotices
{
    public const string ChangedKind = "training-changed", CancelledKind = "training-cancelled";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static string LinkOf(Guid trainingEventId) => $"/api/training/events/{trainingEventId}";

    public static async Task<IReadOnlyList<Guid>> ToTellOfChangeAsync(ReviewDbContext db, TrainingEventChanged e, CancellationToken ct)
    {
        var changedAt = e.ChangedAt.ToUniversalTime();
        var told = await db.FeedbackMessages.AsNoTracking()
            .Where(m => m.ItemType == FeedbackItemType.Training && m.ItemId == e.TrainingEventId
                        && (m.Kind == CancelledKind || (m.Kind == ChangedKind && m.OccurredAt >= changedAt)))
            .Select(m => m.PersonId).Distinct().ToListAsync(ct);
        return Registrants(e.Registrants).Except(told).ToList();
    }

    public static async Task<IReadOnlyList<Guid>> ToTellOfCancellationAsync(ReviewDbContext db, TrainingEventCancelled e, CancellationToken ct)
    {
        var told = await db.FeedbackMessages.AsNoTracking()
            .Where(m => m.ItemType == FeedbackItemType.Training && m.ItemId == e.TrainingEventId && m.Kind == CancelledKind)
            .Select(m => m.PersonId).Distinct().ToListAsync(ct);
        return Registrants(e.Registrants).Except(told).ToList();
    }

    public static FeedbackNote Changed(TrainingEventChanged e, IReadOnlyList<Guid> recipients)
    {
        var place = string.IsNullOrWhiteSpace(e.Place) ? "另行通知" : e.Place.Trim();
        return new(ChangedKind, "培训活动变更",
            $"您报名的培训活动《{e.Title}》时间或地点有变更：时间 {When(e.StartsAt, e.EndsAt)}，地点 {place}。请按新的安排参加。",
            recipients, null, FeedbackItemType.Training, e.TrainingEventId, LinkOf(e.TrainingEventId), e.ChangedAt);
    }

    public static FeedbackNote Cancelled(TrainingEventCancelled e, IReadOnlyList<Guid> recipients) =>
        new(CancelledKind, "培训活动取消", $"您报名的培训活动《{e.Title}》已取消。取消原因：{e.Reason.Trim()}。",
            recipients, null, FeedbackItemType.Training, e.TrainingEventId, LinkOf(e.TrainingEventId), e.CancelledAt);

    /// <summary>Beijing time, as the office announces it: 2026年12月5日 09:00 至 11:30 (the end's date when another day).</summary>
    internal static string When(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        var (start, end) = (startsAt.ToOffset(Beijing), endsAt.ToOffset(Beijing));
        var endText = end.Date == start.Date ? end.ToString("HH:mm", CultureInfo.InvariantCulture) : Day(end);
        return $"{Day(start)} 至 {endText}";
    }

    private static string Day(DateTimeOffset at) => at.ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);

    private static IEnumerable<Guid> Registrants(IReadOnlyList<Guid>? registrants) => (registrants ?? []).Where(p => p != Guid.Empty).Distinct();
}
