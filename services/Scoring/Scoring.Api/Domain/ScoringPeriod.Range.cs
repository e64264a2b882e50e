using System.Globalization;

namespace SheqingMinyi.Scoring.Domain;

public sealed partial record ScoringPeriod
{
    /// <summary>The longest custom range a ranking or bulletin covers (a term of office and a little more).</summary>
    public const int MaxRangeDays = 366 * 5;

    /// <summary>A calendar period (2026, 2026-Q4, 2026-11) as opposed to a custom range of days.</summary>
    public bool IsCalendar => TryParse(Key, out _);

    /// <summary>A custom range of Beijing days, both inclusive (yyyy-MM-dd): key "2026-01-01~2026-03-31".</summary>
    public static bool TryParseRange(string? from, string? to, out ScoringPeriod period)
    {
        period = null!;
        if (!TryDay(from, out var first) || !TryDay(to, out var last) || last < first || last.DayNumber - first.DayNumber >= MaxRangeDays)
            return false;
        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), BeijingOffset);
        var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), BeijingOffset);
        period = new ScoringPeriod($"{first:yyyy-MM-dd}~{last:yyyy-MM-dd}", start.ToUniversalTime(), end.ToUniversalTime());
        return true;
    }

    private static bool TryDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day) && day.Year is >= 2000 and <= 2999;
}
