using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.Review.Domain.Feedback;

namespace SheqingMinyi.Review.Apis;

/// <summary>One inbox message: <c>link</c> is the API path (through the gateway) of the item it is about.</summary>
public sealed record FeedbackMessageView(Guid Id, string Kind, string Title, string Text, Guid? SubmissionId, FeedbackItemType ItemType, Guid? ItemId,
    string? Link, DateTimeOffset OccurredAt, bool Read, DateTimeOffset? ReadAt)
{
    public static FeedbackMessageView From(FeedbackMessage m) =>
        new(m.Id, m.Kind, m.Title, m.Text, m.SubmissionId, m.ItemType, m.ItemId, m.Link, m.OccurredAt, m.ReadAt is not null, m.ReadAt);
}

/// <summary>A page of the caller's inbox with their unread count (over the whole inbox, whatever the filter).</summary>
public sealed record InboxPage(IReadOnlyList<FeedbackMessageView> Items, int Page, int PageSize, int Total, int Unread);

public sealed record UnreadCountView(int Unread);

public sealed record ReadAllView(int Marked, int Unread);

public sealed record OutgoingMessageView(Guid Id, string Channel, Guid RecipientPersonId, string Text, OutgoingStatus Status, Guid FeedbackMessageId,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt)
{
    public static OutgoingMessageView From(OutgoingMessage m) =>
        new(m.Id, m.Channel, m.RecipientPersonId, m.Text, m.Status, m.FeedbackMessageId, m.CreatedAt, m.SentAt);
}

/// <summary>The tenant's feedback channel; its ETag is the row version ("0" before it was ever set), sent back as If-Match.</summary>
public sealed record FeedbackSettingsView(string DefaultChannel, IReadOnlyList<string> Channels, DateTimeOffset? UpdatedAt, string? UpdatedBy) : IVersioned
{
    public uint Version { get; init; }

    public static FeedbackSettingsView From(FeedbackSettings? s) =>
        new(s?.DefaultChannel ?? FeedbackChannels.InboxOnly, FeedbackChannels.All, s?.UpdatedAt, s?.UpdatedBy) { Version = s?.Version ?? 0 };
}

public sealed record FeedbackSettingsRequest(string? DefaultChannel);
