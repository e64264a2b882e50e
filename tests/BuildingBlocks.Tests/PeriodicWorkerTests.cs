using Microsoft.Extensions.Logging;
using SheqingMinyi.BuildingBlocks.Maintenance;

namespace SheqingMinyi.BuildingBlocks.Tests;

/// <summary>The loop every periodic job shares: first pass, retry after a failure, off switch, clean stop.</summary>
public sealed class PeriodicWorkerTests
{
    private sealed class CountingJob(WarningLog log, TimeSpan interval, int failFirst = 0, bool enabled = true, bool atStart = true)
        : PeriodicWorker(log)
    {
        public int Passes;
        public WarningLog Log => log;
        protected override TimeSpan Interval => interval;
        protected override bool Enabled => enabled;
        protected override bool RunsAtStart => atStart;
        protected override string JobName => "Counting job";

        protected override Task RunPassAsync(CancellationToken ct)
        {
            var pass = Interlocked.Increment(ref Passes);
            if (pass <= failFirst) throw new InvalidOperationException($"pass {pass} broke");
            return Task.CompletedTask;
        }
    }

    private sealed class WarningLog : ILogger
    {
        public readonly List<string> Warnings = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) lock (Warnings) Warnings.Add(formatter(state, exception));
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
    }

    [Fact]
    public async Task A_failed_pass_is_logged_and_the_next_pass_runs()
    {
        var job = new CountingJob(new WarningLog(), TimeSpan.FromMilliseconds(20), failFirst: 2);
        await job.StartAsync(CancellationToken.None);
        await WaitForAsync(() => Volatile.Read(ref job.Passes) >= 4);
        await job.StopAsync(CancellationToken.None);

        Assert.True(job.Passes >= 4, $"only {job.Passes} passes");
        Assert.Equal(["Counting job failed; the next pass retries: pass 1 broke", "Counting job failed; the next pass retries: pass 2 broke"],
            job.Log.Warnings);
        Assert.True(job.ExecuteTask!.IsCompletedSuccessfully); // stopping is not an error
    }

    [Fact]
    public async Task The_first_pass_runs_at_start_not_after_the_first_interval()
    {
        var job = new CountingJob(new WarningLog(), TimeSpan.FromHours(1));
        await job.StartAsync(CancellationToken.None);
        await WaitForAsync(() => Volatile.Read(ref job.Passes) >= 1);
        await job.StopAsync(CancellationToken.None);

        Assert.Equal(1, job.Passes);
        Assert.True(job.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_job_that_waits_for_its_first_interval_runs_nothing_at_start()
    {
        var job = new CountingJob(new WarningLog(), TimeSpan.FromHours(1), atStart: false);
        await job.StartAsync(CancellationToken.None);
        await Task.Delay(200);
        await job.StopAsync(CancellationToken.None);

        Assert.Equal(0, job.Passes);
        // Under load the loop may be cancelled before it began (ExecuteAsync starts on the thread pool): not a fault.
        Assert.True(job.ExecuteTask!.IsCompleted && !job.ExecuteTask.IsFaulted);
    }

    [Fact]
    public async Task A_disabled_job_never_runs()
    {
        var job = new CountingJob(new WarningLog(), TimeSpan.FromMilliseconds(10), enabled: false);
        await job.StartAsync(CancellationToken.None);
        await Task.Delay(200);
        await job.StopAsync(CancellationToken.None);

        Assert.Equal(0, job.Passes);
    }
}
