namespace SheqingMinyi.IntegrationEvents;

// 刊期, 金点子 and 优秀选编: intake's publications of adopted items. Each item carries its authors' and units' shares
// (as SubmissionSubmitted does) so a consumer credits people and units without asking intake.

/// <summary>An item as a publication carries it: its place (Order, from 1) and its authors' and units' shares.</summary>
public sealed record PublishedItem(Guid SubmissionId, int Order, IReadOnlyList<AuthorShare> Authors, IReadOnlyList<UnitShare> Units);

/// <summary>刊期印发: an issue of a publication (e.g. 《社情民意》2026年第12期) went out with its items in order; it no longer changes.</summary>
public sealed record PublicationIssuePublished(Guid IssueId, string Title, IReadOnlyList<PublishedItem> Items, DateTimeOffset PublishedAt);

/// <summary>
/// 金点子: the office flagged an item as a golden idea for a meeting (Meeting: weekly 周周议, half-monthly 半月谈,
/// monthly 月月研) on MeetingOn; its follow-up starts as proposed.
/// </summary>
public sealed record GoldenIdeaFlagged(Guid GoldenIdeaId, Guid SubmissionId, string Meeting, DateOnly MeetingOn, string? Note,
    IReadOnlyList<AuthorShare> Authors, IReadOnlyList<UnitShare> Units, DateTimeOffset FlaggedAt);

/// <summary>
/// 金点子跟进: its follow-up status changed (proposed, following, implemented, closed). Version: 1 when flagged, +1 per
/// follow-up, so a consumer keeping the status applies only a higher one.
/// </summary>
public sealed record GoldenIdeaFollowedUp(Guid GoldenIdeaId, Guid SubmissionId, string Status, string? Note,
    IReadOnlyList<AuthorShare> Authors, IReadOnlyList<UnitShare> Units, DateTimeOffset FollowedUpAt, int Version);

/// <summary>An item of an excellent selection with its authors' and units' shares.</summary>
public sealed record SelectedItem(Guid SubmissionId, IReadOnlyList<AuthorShare> Authors, IReadOnlyList<UnitShare> Units);

/// <summary>
/// 优秀选编印发: the half-year's selection of excellent items (Half 1: 上半年, 2: 下半年) went out; scoring credits each
/// item's authors by share ("入选优秀选编").
/// </summary>
public sealed record ExcellentSelectionPublished(Guid SelectionId, int Year, int Half, IReadOnlyList<SelectedItem> Items, DateTimeOffset PublishedAt);
