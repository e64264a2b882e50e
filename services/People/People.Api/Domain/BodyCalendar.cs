namespace SheqingMinyi.People.Domain;

/// <summary>
/// The bodies' calendar: memberships and terms are kept in whole days of China Standard Time (UTC+8, no daylight
/// saving), so "today" for a close or a deactivation is the day the office sees, not the UTC day.
/// </summary>
public static class BodyCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(Offset).DateTime);
}
