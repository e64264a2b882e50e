namespace SheqingMinyi.BuildingBlocks.Calendar;

/// <summary>
/// The bodies' calendar: memberships, terms and reply deadlines are kept in whole days of China Standard Time
/// (UTC+8, no daylight saving), so "today" for a close or a deactivation is the day the office sees, not the UTC day.
/// </summary>
public static class BodyCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(Offset).DateTime);

    /// <summary>Monday to Friday. Public holidays and the weekends worked in their place (调休) are not known here.</summary>
    public static bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The day <paramref name="workingDays"/> working days after <paramref name="from"/> (which itself does not count).</summary>
    public static DateOnly AddWorkingDays(DateOnly from, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = from;
        for (var left = workingDays; left > 0;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) left--;
        }
        return day;
    }
}
