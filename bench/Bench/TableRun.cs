using System.Globalization;
using SheqingMinyi.Bench.Measures;
using SheqingMinyi.Bench.Tools;
using StackExchange.Redis;

namespace SheqingMinyi.Bench;

/// <summary>
/// "table [--cold-start SECONDS] [--out FILE] [--adoptions N] [--only 1,2]": every measure in turn, one table, printed and
/// written to FILE. "switch LABEL --out FILE": one line of the switches table.
/// </summary>
public static class TableRun
{
    public static async Task<int> RunAsync(Platform platform, string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var output = Option("--out");
        var adminToken = await Tokens.PasswordGrantAsync(BenchContext.Admin);
        if (args[0] == "switch") return await Switches.RunAsync(args[1], adminToken, output ?? "switches.md");

        using var redis = await ConnectionMultiplexer.ConnectAsync(platform["Scoring.Api"].ConnectionString("redis") + ",allowAdmin=true");
        var loadAtStart = LoadAverage();
        var memory = new MemorySampler(platform);
        memory.ReadIdle();
        var table = new Table($"bench/run.sh, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Telemetry(platform)}");
        var bench = new BenchContext(platform, redis, adminToken, table, memory, new CpuSampler(platform));
        var quiet = await bench.WaitQuietAsync(TimeSpan.FromSeconds(60));
        table.Notes.Add($"idle CPU read after the platform was quiet ({quiet:0} s after the bench started; at most 60 s)");
        await bench.ReadIdleCpuAsync(TimeSpan.FromSeconds(5));
        if (!bench.Cpu.HasAppHost) table.Notes.Add("CPU per operation counts the service processes only: no AppHost was found above them");
        if (Option("--cold-start") is { } coldStart)
        {
            var seconds = double.Parse(coldStart, CultureInfo.InvariantCulture);
            table.Add(new Row("0. cold start: built AppHost → every resource healthy", $"{seconds:0.0} s", "—", "—", "—", "—", "≤ 20 s", Row.Yes(seconds <= 20)));
        }
        else table.Notes.Add("cold start not measured: the platform was already running");

        var only = Option("--only")?.Split(','); // e.g. --only 2,4: a part of the table, while working on the bench
        async Task Measure(string name, Func<Task> run)
        {
            if (only is not null && !only.Any(o => name.StartsWith(o, StringComparison.Ordinal))) return;
            Console.WriteLine($"bench: {name} …");
            try { await run(); }
            catch (Exception e) { table.Failed(name, e); }
        }

        var boardGrowth = new List<Leaderboard.Result>();
        var createGrowth = new List<(int Existing, Rate Rate)>();
        await Measure("1. gateway overhead", () => GatewayOverhead.RunAsync(bench));
        await Measure("2./3. leaderboard", () => Leaderboard.RunAsync(bench, boardGrowth));
        await Measure("4. create + submit", () => CreateSubmit.RunAsync(bench, createGrowth));
        await Measure("5. adoption → leaderboard", () => AdoptionVisible.RunAsync(bench, int.Parse(Option("--adoptions") ?? "200")));
        await Measure("6. memory", () => { MemoryRows.Add(bench); return Task.CompletedTask; });
        await Measure("7. growth", () => Growth.RunAsync(bench, boardGrowth, createGrowth));

        // These machines are shared: the load the bench did not make is part of the result.
        table.Notes.Add($"load average (1/5/15 min) at start {loadAtStart}, at end {LoadAverage()}");
        var markdown = table.ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (output is not null) await File.WriteAllTextAsync(output, markdown);
        return 0;
    }

    /// <summary>What the platform's processes trace, as the gateway was started: the table says what it measured.</summary>
    public static string Telemetry(Platform platform)
    {
        var gateway = platform["Gateway"].Environment;
        if (!gateway.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT")) return "telemetry: no exporter (dashboard off)";
        var environment = gateway.GetValueOrDefault("ASPNETCORE_ENVIRONMENT") ?? gateway.GetValueOrDefault("DOTNET_ENVIRONMENT") ?? "Production";
        return gateway.TryGetValue("Telemetry__SamplingRatio", out var ratio)
            ? $"telemetry to the dashboard, sampling ratio {ratio} ({environment})"
            : $"telemetry to the dashboard, sampling ratio of {environment}'s default ({(environment == "Development" ? "1, every trace" : "0.1")})";
    }

    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
