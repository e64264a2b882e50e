namespace SheqingMinyi.Review.Domain.Feedback;

/// <summary>One step told to its recipients: what the inbox row of each of them says.</summary>
public sealed record FeedbackNote(string Kind, string Title, string Text, IReadOnlyList<Guid> Recipients, Guid? SubmissionId,
    FeedbackItemType ItemType, Guid? ItemId, string? Link, DateTimeOffset OccurredAt)
{
    public FeedbackMessage For(string tenantId, Guid personId, Guid sourceEventId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenantId,
        PersonId = personId,
        Kind = Kind,
        Title = Clip(Title, FeedbackMessage.TitleMaxLength),
        Text = Clip(Text, FeedbackMessage.TextMaxLength),
        SubmissionId = SubmissionId,
        ItemType = ItemType,
        ItemId = ItemId,
        Link = Link,
        SourceEventId = sourceEventId,
        OccurredAt = OccurredAt.ToUniversalTime(), // an event may name a day in China time (+08:00); stored in UTC
        CreatedAt = now,
    };

    /// <summary>A long reply or comment is cut with an ellipsis: the item's link shows all of it.</summary>
    internal static string Clip(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
