namespace SheqingMinyi.IntegrationEvents;

// Training and events (培训与活动). Each event about one training event carries its Version (1 when scheduled, +1 per
// change): a consumer that keeps state from them applies one only if its Version is higher than the last it applied.

/// <summary>
/// 活动变更: the time or place of an event changed after people registered. Registrants are the persons registered
/// (confirmed or waiting) at the change, so a notifier can tell each of them.
/// </summary>
public sealed record TrainingEventChanged(Guid TrainingEventId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Place,
    IReadOnlyList<Guid> Registrants, DateTimeOffset ChangedAt, int Version);

/// <summary>活动取消: the event was cancelled with a reason; Registrants as in <see cref="TrainingEventChanged"/>.</summary>
public sealed record TrainingEventCancelled(Guid TrainingEventId, string Title, string Reason, IReadOnlyList<Guid> Registrants,
    DateTimeOffset CancelledAt, int Version);

/// <summary>
/// 研讨选题: a topic-selection seminar (选题研讨) sends one of the topics it produced to the tenant's topic list (intake's
/// 选题). TopicId is chosen by the seminar, so a redelivery or a republish adds the topic once.
/// </summary>
public sealed record SeminarTopicSent(Guid TopicId, Guid TrainingEventId, string SeminarTitle, string Title, string? Description,
    DateTimeOffset SentAt);
