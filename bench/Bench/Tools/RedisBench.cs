using System.Globalization;
using StackExchange.Redis;

namespace SheqingMinyi.Bench.Tools;

/// <summary>redis-benchmark of one command against the platform's Redis (address and password from its connection string).</summary>
public static class RedisBench
{
    public static async Task<Rate> RunAsync(string connectionString, IEnumerable<string> command, int clients = 32, int requests = 100_000)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        var (host, port) = options.EndPoints[0] switch
        {
            System.Net.DnsEndPoint dns => (dns.Host == "localhost" ? "127.0.0.1" : dns.Host, dns.Port),
            System.Net.IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            var other => throw new InvalidOperationException($"unexpected Redis endpoint {other}"),
        };
        var args = new List<string> { "-h", host, "-p", $"{port}", "-c", $"{clients}", "-n", $"{requests}", "--csv" };
        if (!string.IsNullOrEmpty(options.Password)) args.AddRange(["-a", options.Password]);
        args.AddRange(command);
        var output = await Shell.RunAsync("redis-benchmark", args);
        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        var line = output.Split('\n').Last(l => l.StartsWith('"') && !l.StartsWith("\"test\""));
        var cells = line.Split(',').Select(c => c.Trim('"', '\r')).ToArray();
        double At(int i) => double.Parse(cells[i], CultureInfo.InvariantCulture);
        return new Rate(At(1), At(4), At(6));
    }
}
