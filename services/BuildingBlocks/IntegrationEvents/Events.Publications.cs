namespace SheqingMinyi.IntegrationEvents;

// 刊期, 金点子 and 优秀选编: intake's publications of adopted items. Each item carries its authors' and units' shares
// (as SubmissionSubmitted does) so a consumer credits people and units without asking intake.

/// <summary>An item as a publication carries it: its place (Order, from 1) and its authors' and units' shares.</summary>
public sealed record PublishedItem(Guid SubmissionId, int Order, IReadOnlyList<AuthorShare> Authors, IReadOnlyList<UnitShare> Units);

/// <summary>刊期印发: an issue of a publication (e.g. 《社情民意》2026年第12期) went out with its items in order; it no longer changes.</summary>
public sealed record PublicationIssuePublished(Guid IssueId, string Title, IReadOnlyList<PublishedItem> Items, DateTimeOffset PublishedAt);
