namespace SheqingMinyi.Review.Domain.Feedback.Proofs;

/// <summary>
/// 刊期: an issue of the body's own publication (e.g. 《社情民意》2026年第12期) that carried an item, as intake's
/// PublicationIssuePublished said. An own-body adoption records no publication of its own (the issue is made up later,
/// in intake), so its proof reads the issue here. One row per item and issue (a unique index), whatever the order of
/// the adoption and the issue, and however often the event is delivered.
/// </summary>
public sealed class ItemPublication
{
    public const int TitleMaxLength = 200;

    public string TenantId { get; init; } = "";
    public Guid SubmissionId { get; init; }
    public Guid IssueId { get; init; }
    public string IssueTitle { get; init; } = "";
    /// <summary>The item's place in the issue, from 1.</summary>
    public int Order { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
}
