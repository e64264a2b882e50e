using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Review.Domain;

/// <summary>The satisfaction of handlings rated in the period, by their last rating (the one that closed them, or
/// the 不满意 that reopened one still open). Shares are of the rated handlings, 4 decimals.</summary>
public sealed record SatisfactionFigures(int Rated, int Satisfied, int BasicallySatisfied, int Dissatisfied,
    decimal? SatisfiedShare, decimal? BasicallySatisfiedShare, decimal? DissatisfiedShare);

/// <summary>
/// 闭环成效: the loop figures of a tenant's handlings assigned in a period — how many handlings and items, how many
/// replied and closed, the median days from the item's adoption to the first reply, the share of first replies given
/// by their deadline, the satisfaction, and how many are overdue today.
/// </summary>
public sealed record LoopFigures(string Period, DateOnly From, DateOnly To, int Handlings, int ItemsHandled, int Replied, int Closed,
    int OverdueNow, decimal? MedianDaysAdoptionToReply, decimal? RepliedOnTimeShare, SatisfactionFigures Satisfaction)
{
    public static LoopFigures Of(BodyPeriod period, IReadOnlyList<Handling> assigned, DateOnly today)
    {
        var firstReplies = assigned.Where(h => h.Replies.Count > 0).Select(h => (Handling: h, Reply: h.Replies[0])).ToList();
        var days = firstReplies.Select(r => BodyCalendar.Today(r.Reply.RepliedAt).DayNumber - r.Handling.AdoptedOn.DayNumber).Order().ToList();
        var last = assigned.Where(h => h.Ratings.Count > 0).Select(h => h.Ratings[^1].Rating).ToList();
        int Count(HandlingRating r) => last.Count(x => x == r);
        return new LoopFigures(period.Key, period.First, period.Last, assigned.Count, assigned.Select(h => h.SubmissionId).Distinct().Count(),
            firstReplies.Count, assigned.Count(h => h.Status == HandlingStatus.Closed),
            assigned.Count(h => h.IsOpen && today > h.Deadline), Median(days),
            Share(firstReplies.Count(r => r.Reply.OnTime), firstReplies.Count),
            new SatisfactionFigures(last.Count, Count(HandlingRating.Satisfied), Count(HandlingRating.BasicallySatisfied), Count(HandlingRating.Dissatisfied),
                Share(Count(HandlingRating.Satisfied), last.Count), Share(Count(HandlingRating.BasicallySatisfied), last.Count),
                Share(Count(HandlingRating.Dissatisfied), last.Count)));
    }

    private static decimal? Median(List<int> sorted) => sorted.Count == 0 ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2m;

    private static decimal? Share(int part, int whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4);
}
