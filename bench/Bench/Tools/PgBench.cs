using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace SheqingMinyi.Bench.Tools;

/// <summary>pgbench with a custom script against a database given by its Npgsql connection string.</summary>
public static partial class PgBench
{
    public static async Task<Rate> RunAsync(string connectionString, string script, int clients = 32, int seconds = 10)
    {
        var dir = Directory.CreateTempSubdirectory("sqmy-bench-pgbench-").FullName;
        var file = Path.Combine(dir, "script.sql");
        await File.WriteAllTextAsync(file, script);
        try
        {
            // -l: one log line per transaction ("client tx latency_us script epoch us"), for p50/p99.
            var output = await Shell.RunAsync("pgbench", ["-n", "-f", file, "-c", $"{clients}", "-j", "2", "-T", $"{seconds}", "-l", "--log-prefix", Path.Combine(dir, "log")],
                Environment(connectionString), TimeSpan.FromSeconds(seconds + 60));
            var tps = double.Parse(Tps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var latencies = Directory.GetFiles(dir, "log*").SelectMany(File.ReadLines)
                .Select(l => double.Parse(l.Split(' ')[2], CultureInfo.InvariantCulture) / 1000).Order().ToArray();
            return latencies.Length == 0 ? new Rate(tps, double.NaN, double.NaN)
                : new Rate(tps, Rate.Percentile(latencies, 0.5), Rate.Percentile(latencies, 0.99));
        }
        finally { Directory.Delete(dir, true); }
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
}
