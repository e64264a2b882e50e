using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SheqingMinyi.BuildingBlocks.Maintenance;

/// <summary>
/// The loop every periodic job shares: a pass (at start, unless <see cref="RunsAtStart"/> is false), then one per
/// <see cref="Interval"/> on the job's <see cref="TimeProvider"/> (tests advance a fake one); a failed pass is logged
/// and the next one retries; stopping ends the loop without an error. The job writes only its pass.
/// </summary>
public abstract class PeriodicWorker(ILogger logger, TimeProvider? clock = null) : BackgroundService
{
    /// <summary>The job's clock (the system's unless one was given), for the pass's own "now".</summary>
    protected TimeProvider Clock { get; } = clock ?? TimeProvider.System;

    /// <summary>The job's logger, for what a pass reports beyond a failure.</summary>
    protected ILogger Logger { get; } = logger;

    /// <summary>Time between passes, read once at start (from the job's options).</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>False leaves the job off (e.g. tests that run its pass themselves).</summary>
    protected virtual bool Enabled => true;

    /// <summary>Whether the first pass runs at start or after the first interval.</summary>
    protected virtual bool RunsAtStart => true;

    /// <summary>What the job is called in the log line of a failed pass.</summary>
    protected abstract string JobName { get; }

    /// <summary>One pass of the job.</summary>
    protected abstract Task RunPassAsync(CancellationToken ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        using var timer = new PeriodicTimer(Interval, Clock);
        try
        {
            if (RunsAtStart) await RunGuardedAsync(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                await RunGuardedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private async Task RunGuardedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunPassAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Logger.LogWarning("{Job} failed; the next pass retries: {Error}", JobName, ex.Message);
        }
    }
}
