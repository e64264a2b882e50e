using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>
/// 通报: a stored snapshot of a period's work (monthly, quarterly, half-yearly), generated on demand or by the schedule
/// (once per period: <see cref="Scheduled"/>). The content is what was true when it was generated, kept as JSON so a
/// later rule change or late event never rewrites a bulletin already read out at a meeting.
/// </summary>
public sealed class Bulletin : AggregateRoot
{
    public Guid Id { get; private set; }
    public string Kind { get; private set; } = "";
    public string Period { get; private set; } = "";
    public string Title { get; private set; } = "";
    public DateTimeOffset Start { get; private set; }
    public DateTimeOffset End { get; private set; }
    public bool Scheduled { get; private set; }
    public DateTimeOffset GeneratedAt { get; private set; }
    public string GeneratedBy { get; private set; } = "";
    public string Content { get; private set; } = "";

    public static Bulletin Create(string tenantId, BulletinPeriod period, string title, string content, bool scheduled, DateTimeOffset now,
        string generatedBy)
    {
        var bulletin = new Bulletin
        {
            Id = Guid.NewGuid(), Kind = period.Kind, Period = period.Key, Title = title, Start = period.Start, End = period.End,
            Scheduled = scheduled, GeneratedAt = now, GeneratedBy = generatedBy, Content = content, TenantId = tenantId,
        };
        bulletin.Raise(new BulletinPublished(bulletin.Id, period.Kind, period.Key, title, now));
        return bulletin;
    }
}

/// <summary>Where an item's title is kept for the bulletins' highlights (SubmissionSubmitted carries it; the latest wins).</summary>
public sealed class ItemTitle
{
    public string TenantId { get; set; } = "";
    public Guid SubmissionId { get; set; }
    public string Title { get; set; } = "";
    /// <summary>The Sequence of the SubmissionSubmitted the title came from.</summary>
    public int Sequence { get; set; }
}
