using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace SheqingMinyi.Bench.Tools;

/// <summary>pgbench with a custom script against a database given by its Npgsql connection string.</summary>
public static partial class PgBench
{
    public static async Task<Rate> RunAsync(string connectionString, string script, int clients = 32, int seconds = 10)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sqmy-bench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, script);
        try
        {
            var output = await Shell.RunAsync("pgbench", ["-n", "-f", file, "-c", $"{clients}", "-j", "2", "-T", $"{seconds}", "-r", "-P", "0", "--log-prefix", "x"],
                Environment(connectionString), TimeSpan.FromSeconds(seconds + 60));
            var tps = double.Parse(Tps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var average = double.Parse(AverageLatency().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            // pgbench prints the average only; p50/p99 would need per-transaction logs, so both show the average.
            return new Rate(tps, average, double.NaN);
        }
        finally { File.Delete(file); }
    }

    public static Dictionary<string, string> Environment(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return new()
        {
            ["PGHOST"] = b.Host ?? "localhost", ["PGPORT"] = $"{b.Port}", ["PGUSER"] = b.Username ?? "",
            ["PGPASSWORD"] = b.Password ?? "", ["PGDATABASE"] = b.Database ?? "",
        };
    }

    [GeneratedRegex(@"tps = ([\d.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"latency average = ([\d.]+) ms")]
    private static partial Regex AverageLatency();
}
