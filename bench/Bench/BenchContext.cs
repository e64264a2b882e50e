using System.Diagnostics;
using StackExchange.Redis;

namespace SheqingMinyi.Bench;

/// <summary>What every measure needs: the running platform, its Redis, an admin's token, the table, the memory sampler.</summary>
public sealed class BenchContext(Platform platform, IConnectionMultiplexer redis, string adminToken, Table table, MemorySampler memory, CpuSampler cpu)
{
    /// <summary>The tenant the demo accounts' tokens carry (沙坪坝区政协); bench data lives in periods nothing else uses.</summary>
    public const string Tenant = "spb-zx";
    public const string Admin = "spb-admin";

    public Platform Platform { get; } = platform;
    public IConnectionMultiplexer Redis { get; } = redis;
    public string AdminToken { get; } = adminToken;
    public Table Table { get; } = table;
    public MemorySampler Memory { get; } = memory;
    public CpuSampler Cpu { get; } = cpu;
    /// <summary>CPU seconds per second each platform process spends with no load (dashboard, pollers): taken off every reading.</summary>
    public Dictionary<string, double> IdleCpuPerSecond { get; private set; } = [];

    /// <summary>
    /// Waits until the platform is quiet (its processes together under a quarter of a core over 2 s, at most
    /// <paramref name="atMost"/>): right after "healthy" the services still compile their hot paths and run their first
    /// worker rounds (identity used a fifth to half a core for half a minute), which an idle reading taken then would
    /// subtract from every measure after it. Returns the seconds waited.
    /// </summary>
    public async Task<double> WaitQuietAsync(TimeSpan atMost)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < atMost)
        {
            var before = Cpu.Read();
            await Task.Delay(TimeSpan.FromSeconds(2));
            if (CpuSampler.Spent(before, Cpu.Read()).Values.Sum() / 2 < 0.25) break;
        }
        return clock.Elapsed.TotalSeconds;
    }

    public async Task ReadIdleCpuAsync(TimeSpan over)
    {
        var before = Cpu.Read();
        await Task.Delay(over);
        IdleCpuPerSecond = CpuSampler.Spent(before, Cpu.Read()).ToDictionary(kv => kv.Key, kv => kv.Value / over.TotalSeconds);
    }

    /// <summary>Runs a load and returns the platform's CPU it cost (idle subtracted), read after <paramref name="settle"/>
    /// so that the events the load raised are worked off too.</summary>
    public async Task<(T Result, Dictionary<string, double> Spent)> CpuOfAsync<T>(Func<Task<T>> load, TimeSpan settle = default, params int[] extraRoots)
    {
        var clock = Stopwatch.StartNew();
        var before = Cpu.Read(extraRoots);
        var result = await load();
        if (settle > TimeSpan.Zero) await Task.Delay(settle);
        var spent = CpuSampler.Spent(before, Cpu.Read(extraRoots), IdleCpuPerSecond, clock.Elapsed.TotalSeconds);
        return (result, spent);
    }

    /// <summary>How long a CPU reading waits after its load: the services export telemetry in batches every second and the
    /// dashboard stores it behind them (seconds behind when every trace is kept), which is part of the load's cost.</summary>
    public static readonly TimeSpan TelemetrySettle = TimeSpan.FromSeconds(5);

    public ServiceProcess Scoring => Platform["Scoring.Api"];
    public ServiceProcess Intake => Platform["Intake.Api"];
}
