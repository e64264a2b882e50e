namespace SheqingMinyi.People.Domain.MemberRecord;

// 履职档案's honours: an item of the person's that became a 金点子 or went into an 优秀选编, a row per author.

/// <summary>
/// 金点子 as it counts for one author (GoldenIdeaFlagged, GoldenIdeaFollowedUp): one row per idea and author. The flag
/// sets the meeting (and the year: the meeting's); the status is the newest event's (by Version), whatever the order
/// of arrival, so a follow-up that arrives before the flag leaves a row with the status and no meeting yet.
/// </summary>
public sealed class RecordGoldenIdea
{
    public const int NameMaxLength = 32;

    public string TenantId { get; init; } = "";
    public Guid GoldenIdeaId { get; init; }
    public Guid PersonId { get; init; }
    public Guid SubmissionId { get; set; }
    /// <summary>weekly (周周议), half-monthly (半月谈) or monthly (月月研); null until the flag arrived.</summary>
    public string? Meeting { get; set; }
    public DateOnly? MeetingOn { get; set; }
    /// <summary>The meeting's year; null until the flag arrived (the record of a year lists flagged ideas only).</summary>
    public int? Year { get; set; }
    /// <summary>proposed, following, implemented or closed, as of <see cref="StatusVersion"/>.</summary>
    public string Status { get; set; } = "";
    /// <summary>The Version of the event that set the status and the authors (the flag is 1).</summary>
    public int StatusVersion { get; set; }
    public decimal Share { get; set; } = 1m;

    public void Flagged(string meeting, DateOnly on)
    {
        Meeting = meeting;
        MeetingOn = on;
        Year = on.Year;
    }
}

/// <summary>
/// An item in a published 优秀选编 as it counts for one author (ExcellentSelectionPublished): one row per selection,
/// item and author, in the selection's year and half (1 上半年, 2 下半年).
/// </summary>
public sealed class RecordSelection
{
    public string TenantId { get; init; } = "";
    public Guid SelectionId { get; init; }
    public Guid SubmissionId { get; init; }
    public Guid PersonId { get; init; }
    public int Year { get; init; }
    public int Half { get; init; }
    public decimal Share { get; init; } = 1m;
}
