using System.Globalization;
using System.Text.RegularExpressions;

namespace SheqingMinyi.BuildingBlocks.Calendar;

/// <summary>
/// A reporting period of the bodies' calendar (China dates): a year <c>2026</c>, a quarter <c>2026-Q2</c> or a month
/// <c>2026-05</c>, as the days from <see cref="First"/> to <see cref="Last"/>, both included.
/// </summary>
public sealed partial record BodyPeriod(string Key, DateOnly First, DateOnly Last)
{
    public const string Formats = "yyyy, yyyy-Qn 或 yyyy-MM (e.g. 2026, 2026-Q2, 2026-05)";

    public bool Contains(DateOnly day) => day >= First && day <= Last;

    public static bool TryParse(string? key, out BodyPeriod? period)
    {
        period = null;
        if (key is null) return false;
        var match = Shape().Match(key);
        if (!match.Success) return false;
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 2100) return false;
        if (match.Groups["quarter"].Success)
        {
            var quarter = match.Groups["quarter"].Value[0] - '0';
            if (quarter is < 1 or > 4) return false;
            var first = new DateOnly(year, quarter * 3 - 2, 1);
            period = new BodyPeriod(key, first, first.AddMonths(3).AddDays(-1));
        }
        else if (match.Groups["month"].Success)
        {
            var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12) return false;
            var first = new DateOnly(year, month, 1);
            period = new BodyPeriod(key, first, first.AddMonths(1).AddDays(-1));
        }
        else period = new BodyPeriod(key, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        return true;
    }

    [GeneratedRegex(@"^(?<year>\d{4})(-Q(?<quarter>\d)|-(?<month>\d{2}))?$")]
    private static partial Regex Shape();
}
