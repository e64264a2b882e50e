namespace SheqingMinyi.Review.Domain.Feedback;

/// <summary>The channels feedback goes out on besides the inbox: none (inbox-only) or SMS.</summary>
public static class FeedbackChannels
{
    public const string InboxOnly = "inbox-only", Sms = "sms";
    public static readonly string[] All = [InboxOnly, Sms];
}

public enum OutgoingStatus { Pending, Sent, Failed }

/// <summary>
/// 外发消息: feedback to go out on a channel other than the inbox (SMS, a messaging app). Delivery adapters are pluggable;
/// none is wired here, so rows wait as pending for an operator or tenant admin to see what would be sent — nothing
/// pretends to send. The recipient is the person (the adapter looks up the address where personal data lives).
/// </summary>
public sealed class OutgoingMessage
{
    public const int TextMaxLength = 500;

    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public string Channel { get; init; } = "";
    public Guid RecipientPersonId { get; init; }
    public string Text { get; init; } = "";
    public Guid FeedbackMessageId { get; init; }
    public OutgoingStatus Status { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }

    public static OutgoingMessage For(FeedbackMessage message, string channel) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = message.TenantId,
        Channel = channel,
        RecipientPersonId = message.PersonId,
        Text = FeedbackNote.Clip($"【社情民意】{message.Title}：{message.Text}", TextMaxLength),
        FeedbackMessageId = message.Id,
        Status = OutgoingStatus.Pending,
        CreatedAt = message.CreatedAt,
    };
}

/// <summary>The tenant's feedback setting: the channel every writer's feedback also goes out on (inbox-only until set).</summary>
public sealed class FeedbackSettings
{
    public string TenantId { get; init; } = "";
    public string DefaultChannel { get; private set; } = FeedbackChannels.InboxOnly;
    public string UpdatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    public static FeedbackSettings Create(string tenantId) => new() { TenantId = tenantId };

    public void Set(string channel, string by, DateTimeOffset now)
    {
        DefaultChannel = channel;
        UpdatedBy = by;
        UpdatedAt = now;
    }
}
