namespace SheqingMinyi.BuildingBlocks.Calendar;

/// <summary>
/// The bodies' calendar: memberships, terms and deadlines are kept in whole days of China Standard Time (UTC+8, no
/// daylight saving), so "today" is the day the office sees, not the UTC day.
/// </summary>
public static class BodyCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(Offset).DateTime);
}
