namespace SheqingMinyi.IntegrationEvents;

/// <summary>One quota a person is behind on: Quota is its id (member-adopted, special-committee-submitted), Done of Target.</summary>
public sealed record QuotaShortfall(string Quota, int Target, int Done);

/// <summary>
/// 任务提醒: scoring found the person behind on their yearly quotas in Month (yyyy-MM, Beijing) with MonthsLeft months of
/// the year still to act. Once per person and month (a second run of the month publishes nothing): a notifier tells
/// the person.
/// </summary>
public sealed record QuotaReminderDue(Guid PersonId, string Month, int MonthsLeft, IReadOnlyList<QuotaShortfall> Behind, DateTimeOffset DueAt);

/// <summary>通报发布: scoring stored a bulletin (Kind monthly, quarterly or half-yearly; Period 2026-11, 2026-Q4, 2026-H2).</summary>
public sealed record BulletinPublished(Guid BulletinId, string Kind, string Period, string Title, DateTimeOffset GeneratedAt);
