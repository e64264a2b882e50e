namespace SheqingMinyi.Review.Domain.Feedback;

/// <summary>What a message is about, so a reader can open it: the writer's item, a handling of it, a solicitation.</summary>
public enum FeedbackItemType { Submission, Handling, Solicitation, Quota, Training }

/// <summary>
/// 反馈: one step of a writer's item (or an invitation, a reminder) as it reaches one person's inbox, in Chinese. Every
/// co-author gets a row of their own, so each reads and marks it separately. Written in the transaction of the step that
/// causes it (review's own steps) or of the inbox of the event that carries it (another service's), once per person
/// and event (a unique index holds it).
/// </summary>
public sealed class FeedbackMessage
{
    public const int TitleMaxLength = 100, TextMaxLength = 1000, KindMaxLength = 32, LinkMaxLength = 200;
    public const string UniqueIndex = "ix_feedback_messages_tenant_id_person_id_source_event_id";

    public Guid Id { get; init; }
    /// <summary>Delivery order (an identity column): breaks ties between steps of the same instant.</summary>
    public long Seq { get; init; }
    public string TenantId { get; init; } = "";
    public Guid PersonId { get; init; }
    /// <summary>returned, stage-passed, rejected, adopted, forwarded, instructed, assigned, handling-accepted, handling-started,
    /// handling-transferred, handling-extended, replied, rated, reopened, solicitation-invited, quota-reminder.</summary>
    public string Kind { get; init; } = "";
    public string Title { get; init; } = "";
    public string Text { get; init; } = "";
    public Guid? SubmissionId { get; init; }
    public FeedbackItemType ItemType { get; init; }
    public Guid? ItemId { get; init; }
    /// <summary>The API path (through the gateway) where the reader opens the item.</summary>
    public string? Link { get; init; }
    /// <summary>The event that caused it (its outbox or envelope id).</summary>
    public Guid SourceEventId { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; private set; }

    /// <summary>Marks it read; reading it again keeps the first time (idempotent). Kept to the microsecond, as stored,
    /// so the answer of the first mark and of every later one agree.</summary>
    public bool MarkRead(DateTimeOffset now)
    {
        if (ReadAt is not null) return false;
        ReadAt = now.AddTicks(-(now.Ticks % 10));
        return true;
    }
}
