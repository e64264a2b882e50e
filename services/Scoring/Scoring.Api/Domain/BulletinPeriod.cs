using System.Globalization;
using System.Text.RegularExpressions;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>A bulletin's period in Beijing time: a month (2026-11), a quarter (2026-Q4) or a half year (2026-H2).</summary>
public sealed partial record BulletinPeriod(string Kind, string Key, DateTimeOffset Start, DateTimeOffset End)
{
    public const string Monthly = "monthly", Quarterly = "quarterly", HalfYearly = "half-yearly";
    public static readonly IReadOnlyList<string> Kinds = [Monthly, Quarterly, HalfYearly];

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?:Q(?<q>[1-4])|H(?<h>[12])|(?<m>0[1-9]|1[0-2]))\z")]
    private static partial Regex Pattern();

    public static bool TryParse(string? key, out BulletinPeriod period)
    {
        period = null!;
        var match = Pattern().Match(key ?? "");
        if (!match.Success) return false;
        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 2999) return false;
        var (kind, first, months) = match.Groups["q"].Success ? (Quarterly, (int.Parse(match.Groups["q"].Value) - 1) * 3 + 1, 3)
            : match.Groups["h"].Success ? (HalfYearly, (int.Parse(match.Groups["h"].Value) - 1) * 6 + 1, 6)
            : (Monthly, int.Parse(match.Groups["m"].Value), 1);
        var start = new DateTimeOffset(year, first, 1, 0, 0, 0, ScoringPeriod.BeijingOffset);
        period = new BulletinPeriod(kind, key!, start.ToUniversalTime(), start.AddMonths(months).ToUniversalTime());
        return true;
    }

    /// <summary>The last finished period of a kind at <paramref name="now"/> (what the schedule generates).</summary>
    public static BulletinPeriod LastFinished(string kind, DateTimeOffset now)
    {
        var local = now.ToOffset(ScoringPeriod.BeijingOffset);
        var month = new DateTime(local.Year, local.Month, 1).AddMonths(-1);
        var key = kind switch
        {
            Monthly => $"{month.Year}-{month.Month:00}",
            Quarterly => month.Month % 3 == 0 ? $"{month.Year}-Q{month.Month / 3}" : Previous(local, 3),
            _ => month.Month % 6 == 0 ? $"{month.Year}-H{month.Month / 6}" : Previous(local, 6),
        };
        return TryParse(key, out var period) ? period : throw new InvalidOperationException(key);
    }

    private static string Previous(DateTimeOffset local, int months)
    {
        var index = (local.Month - 1) / months; // the current period's index in its year; the last finished one is before it
        var (year, last) = index == 0 ? (local.Year - 1, 12 / months) : (local.Year, index);
        return months == 3 ? $"{year}-Q{last}" : $"{year}-H{last}";
    }

    /// <summary>The title a bulletin prints, e.g. 2026年第四季度反映社情民意信息工作通报.</summary>
    public string Title
    {
        get
        {
            var local = Start.ToOffset(ScoringPeriod.BeijingOffset);
            var part = Kind switch
            {
                Monthly => $"{local.Month}月",
                Quarterly => $"第{"一二三四"[(local.Month - 1) / 3]}季度",
                _ => local.Month == 1 ? "上半年" : "下半年",
            };
            return $"{local.Year}年{part}反映社情民意信息工作通报";
        }
    }

    /// <summary>The year and last month (1–12) the period ends in: the quota standing a bulletin reports.</summary>
    public (int Year, int Month) LastMonth => End.ToOffset(ScoringPeriod.BeijingOffset).AddDays(-1) is var d ? (d.Year, d.Month) : default;
}
