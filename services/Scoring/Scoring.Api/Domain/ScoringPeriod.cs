using System.Globalization;
using System.Text.RegularExpressions;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>A leaderboard period: a year (2026), a quarter (2026-Q4) or a month (2026-11), in Beijing time.</summary>
public sealed partial record ScoringPeriod(string Key, DateTimeOffset Start, DateTimeOffset End)
{
    public static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    // ASCII digits only and \z, not $: "2026\n" or other scripts' digits are not periods.
    [GeneratedRegex(@"^(?<y>[0-9]{4})(?:-Q(?<q>[1-4])|-(?<m>0[1-9]|1[0-2]))?\z")]
    private static partial Regex Pattern();

    public static bool TryParse(string? key, out ScoringPeriod period)
    {
        period = null!;
        var match = Pattern().Match(key ?? "");
        if (!match.Success) return false;
        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 2999) return false;
        var (firstMonth, months) = match.Groups["q"].Success ? ((int.Parse(match.Groups["q"].Value) - 1) * 3 + 1, 3)
            : match.Groups["m"].Success ? (int.Parse(match.Groups["m"].Value), 1)
            : (1, 12);
        var start = new DateTimeOffset(year, firstMonth, 1, 0, 0, 0, BeijingOffset);
        // Stored as UTC: PostgreSQL timestamptz parameters must have offset 0.
        period = new ScoringPeriod(key!, start.ToUniversalTime(), start.AddMonths(months).ToUniversalTime());
        return true;
    }

    /// <summary>The year, quarter and month an instant falls in: every leaderboard an entry counts towards.</summary>
    public static IReadOnlyList<string> KeysFor(DateTimeOffset instant)
    {
        var local = instant.ToOffset(BeijingOffset);
        return [$"{local.Year}", $"{local.Year}-Q{(local.Month - 1) / 3 + 1}", $"{local.Year}-{local.Month:00}"];
    }

    public static string CurrentYear(DateTimeOffset now) => $"{now.ToOffset(BeijingOffset).Year}";
}
