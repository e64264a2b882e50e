using System.Globalization;
using System.Text.RegularExpressions;

namespace SheqingMinyi.Bench.Tools;

/// <summary>wrk -t1 -c32 --latency against one URL: requests/s, p50, p99 and the non-2xx count.</summary>
public static partial class Wrk
{
    public static async Task<Rate> RunAsync(string url, string? bearer = null, int connections = 32, int seconds = 10)
    {
        var args = new List<string> { "-t1", $"-c{connections}", $"-d{seconds}s", "--latency", "--timeout", "5s" };
        if (bearer is not null) args.AddRange(["-H", $"Authorization: Bearer {bearer}"]);
        args.Add(url);
        var output = await Shell.RunAsync("wrk", args, timeout: TimeSpan.FromSeconds(seconds + 30));
        var rate = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value) : 0;
        var errors = SocketErrors().Matches(output).Sum(e => long.Parse(e.Groups[1].Value)) + non2xx;
        return new Rate(rate, Percentile(output, "50"), Percentile(output, "99"), errors);
    }

    // "     50%    1.23ms" (us, ms or s).
    private static double Percentile(string output, string p)
    {
        var match = Regex.Match(output, $@"^\s+{p}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success) return double.NaN;
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrors();
}
