using System.Diagnostics;

namespace SheqingMinyi.Bench.Faults;

/// <summary>
/// One fault: a signal to one process of the run (found afresh, since earlier faults change pids), a while down,
/// then the AppHost's own resource-start, so DCP brings the process and its proxied endpoints back as they were.
/// </summary>
public sealed record Fault(string Name, string Process, string Resource, string Signal, TimeSpan Down)
{
    public static readonly Fault KillIntake = new("kill -9 intake", "Intake.Api", "intake", "KILL", TimeSpan.FromSeconds(3));
    /// <summary>SIGINT is PostgreSQL's fast shutdown (what pg_ctl restart -m fast sends): clients are cut off,
    /// a checkpoint is written, the postmaster exits; the AppHost starts it again.</summary>
    public static readonly Fault RestartPostgres = new("restart PostgreSQL", "postgres", "postgres", "INT", TimeSpan.FromSeconds(3));
    /// <summary>Redis dies without a save; its append-only file (fsync every second) is what comes back.</summary>
    public static readonly Fault KillRedis = new("kill -9 Redis", "redis-server", "redis", "KILL", TimeSpan.FromSeconds(5));

    public static readonly Fault[] All = [KillIntake, RestartPostgres, KillRedis];

    public async Task InjectAsync(FaultPlatform platform, ResourceCommands commands, TextWriter log, CancellationToken ct)
    {
        var pid = FaultPlatform.Discover(platform.Marker).Get(Process).Pid;
        log.WriteLine($"  fault: kill -{Signal} {Process} (pid {pid})");
        using (var kill = System.Diagnostics.Process.Start("kill", [$"-{Signal}", pid.ToString()]))
            await kill.WaitForExitAsync(ct);
        var clock = Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{pid}") && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(100, ct);
        log.WriteLine($"  fault: {Process} gone after {clock.Elapsed.TotalSeconds:0.0} s; down for {Down.TotalSeconds:0} s more");
        await Task.Delay(Down, ct);

        // The AppHost notices the exit on its own schedule: start is refused until it has.
        (bool Succeeded, string? Message) started = default;
        for (var attempt = 0; attempt < 60 && !(started = await commands.ExecuteAsync(Resource, "resource-start", ct)).Succeeded; attempt++)
            await Task.Delay(1000, ct);
        if (!started.Succeeded) throw new InvalidOperationException($"resource-start {Resource} failed: {started.Message}");
        while (FaultPlatform.Discover(platform.Marker).Find(Process) is not { } back || back.Pid == pid)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"{Process} did not come back");
            await Task.Delay(200, ct);
        }
        log.WriteLine($"  fault: {Resource} started again by the AppHost, {clock.Elapsed.TotalSeconds:0.0} s after the signal");
        await WaitUntilReachableAsync(platform, clock, ct);
    }

    /// <summary>A service is back for its callers only when the address they use (the AppHost's proxy, named in the
    /// gateway's service discovery) reaches it again; seen once: a proxy that accepted and never forwarded.</summary>
    private async Task WaitUntilReachableAsync(FaultPlatform platform, Stopwatch clock, CancellationToken ct)
    {
        var gateway = FaultPlatform.Discover(platform.Marker).Get("Gateway");
        if (gateway.Environment.GetValueOrDefault($"services__{Resource}__http__0") is not { } upstream) return; // a store
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = clock.Elapsed + TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri(new Uri(upstream), "/alive"), ct)).IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested) { }
            if (clock.Elapsed > deadline)
                throw new TimeoutException($"{Resource} runs again but {upstream} (the AppHost's proxy the gateway calls) does not reach it");
            await Task.Delay(500, ct);
        }
    }
}
