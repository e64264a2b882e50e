using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SheqingMinyi.BuildingBlocks.Hosting;

/// <summary>
/// Where a cold start goes (docs/performance.md, "0. Cold start"): wall time since the process was launched and the
/// CPU it has used, at the steps of a service's start. One log line per step, so a start can be read from the log.
/// </summary>
public static class StartupTimeline
{
    /// <summary>"{step}: {since launch} ms since launch, {cpu} ms CPU" (also as the activity's tags when one is on).</summary>
    public static void Mark(ILogger logger, string step)
    {
        using var process = Process.GetCurrentProcess();
        var sinceLaunch = (DateTime.Now - process.StartTime).TotalMilliseconds;
        var cpu = process.TotalProcessorTime.TotalMilliseconds;
        logger.LogInformation("Start-up {Step}: {SinceLaunch:F0} ms since launch, {Cpu:F0} ms CPU", step, sinceLaunch, cpu);
        Activity.Current?.AddEvent(new ActivityEvent($"start-up {step}", tags: new ActivityTagsCollection
        {
            ["since_launch_ms"] = sinceLaunch,
            ["cpu_ms"] = cpu,
        }));
    }
}

/// <summary>Marks the host built (first hosted service to start) and Kestrel listening (application started).</summary>
public sealed class StartupTimelineService(IHostApplicationLifetime lifetime, ILogger<StartupTimelineService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        StartupTimeline.Mark(logger, "host built");
        lifetime.ApplicationStarted.Register(() => StartupTimeline.Mark(logger, "listening"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
