using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>Marks a resource the whole app cannot run without: if it fails before it was ever healthy, the AppHost stops.</summary>
public sealed class StopAppIfStartFailsAnnotation : IResourceAnnotation;

/// <summary>A resource that failed to start, and why.</summary>
public sealed record StartupFailure(string Resource, string Reason);

/// <summary>The AppHost's first start failure; shared with the log filter set up in <see cref="StartupFailureWatcherExtensions"/>.</summary>
public sealed class StartupFailureRecord
{
    public StartupFailure? Failure { get; set; }
}

/// <summary>
/// Without this, a store that cannot start leaves every service waiting for it and the AppHost running forever in
/// silence. It watches the resources marked with <see cref="StopAppIfStartFailsAnnotation"/>: one that fails to
/// start, or exits before it was ever healthy, is shown as FailedToStart with the reason in its console log, the
/// reason and the last lines of its log go to the terminal, and the AppHost stops with exit code 1.
/// </summary>
public sealed partial class StartupFailureWatcher(
    StartupFailureRecord record,
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    ILogger<StartupFailureWatcher> logger)
{
    public const int ExitCode = 1;
    private const int TailLines = 20;

    private readonly HashSet<string> _everHealthy = [];
    private int _failed;

    /// <summary>The first failure, once there is one; the AppHost exits with <see cref="ExitCode"/> then.</summary>
    public StartupFailure? Failure => record.Failure;

    /// <summary>Starts watching; called before any resource starts so that no state change is missed.</summary>
    public void Start(DistributedApplicationModel model)
    {
        var watched = model.Resources.Where(r => r.HasAnnotationOfType<StopAppIfStartFailsAnnotation>()).ToList();
        if (watched.Count == 0) return;
        var stopping = lifetime.ApplicationStopping;
        _ = Task.Run(() => WatchStatesAsync(watched.Select(r => r.Name).ToHashSet(), stopping), stopping);
    }

    /// <summary>Reports a failure found by the AppHost itself (e.g. the data directory could not be prepared).</summary>
    public async Task FailAsync(IResource resource, string reason) => await FailAsync(resource, reason, await TailAsync(resource));

    private async Task FailAsync(IResource resource, string reason, LogLine[] tail)
    {
        if (Interlocked.Exchange(ref _failed, 1) == 1) return;
        record.Failure = new StartupFailure(resource.Name, reason);
        // Into the resource's console log and state first, so the dashboard says it too.
        resourceLogs.GetLogger(resource).LogError("{Prefix}{Resource} failed to start: {Reason}", StoreMessages.Prefix, resource.Name, reason);
        await notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.FailedToStart });
        logger.LogCritical("{Resource} failed to start: {Reason}{Tail}\nStopping the AppHost (exit code {ExitCode}).",
            resource.Name, reason, FormatTail(resource.Name, tail), ExitCode);
        lifetime.StopApplication();
    }

    private async Task WatchStatesAsync(HashSet<string> watched, CancellationToken stopping)
    {
        var lastState = new Dictionary<string, string?>();
        try
        {
            await foreach (var e in notifications.WatchAsync(stopping))
            {
                if (!watched.Contains(e.Resource.Name)) continue;
                var state = e.Snapshot.State?.Text;
                lastState.TryGetValue(e.Resource.Name, out var previous);
                lastState[e.Resource.Name] = state;
                // After it was healthy once, while the app stops, or stopped on purpose (the dashboard's stop
                // command), an exit is not a start failure.
                if (e.Snapshot.HealthStatus == HealthStatus.Healthy) _everHealthy.Add(e.Resource.Name);
                if (_everHealthy.Contains(e.Resource.Name) || stopping.IsCancellationRequested) continue;
                if (previous == KnownResourceStates.Stopping) continue;
                if (state != KnownResourceStates.FailedToStart && state != KnownResourceStates.Exited && state != KnownResourceStates.Finished) continue;
                await Task.Delay(TimeSpan.FromMilliseconds(500), stopping); // the last lines of its log may still be on their way
                var tail = await TailAsync(e.Resource);
                await FailAsync(e.Resource, state == KnownResourceStates.FailedToStart
                    ? $"it could not be started: {LaunchError(tail)}"
                    : $"it exited{(e.Snapshot.ExitCode is { } code ? $" with code {code}" : "")} before it was ever ready: {LastComplaint(tail)}",
                    tail);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>The last lines of the resource's console log (the AppHost's lines about it, its own output and DCP's),
    /// in time order, without timestamps.</summary>
    private async Task<LogLine[]> TailAsync(IResource resource)
    {
        List<LogLine> lines = [];
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5)); // the log is a help, never a reason to hang
        try
        {
            await foreach (var batch in resourceLogs.GetAllAsync(resource).WithCancellation(patience.Token))
                lines.AddRange(batch);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
        }
        // The AppHost's lines come first, the process's after: ISO timestamps put them back in order.
        return [.. lines.OrderBy(l => LeadingTimestamp().Match(l.Content).Value, StringComparer.Ordinal)
            .TakeLast(TailLines).Select(l => l with { Content = LeadingTimestamp().Replace(l.Content, "") })];
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT[\d:.]+Z ")]
    private static partial Regex LeadingTimestamp();

    /// <summary>The server's own line most likely to say why: the last that complains, else the last on stderr.
    /// DCP's lines ("[sys]") and ours ("[apphost]") are skipped; Aspire's notes neither complain nor go to stderr.</summary>
    private static string LastComplaint(LogLine[] tail)
    {
        var candidates = tail.Where(l => !string.IsNullOrWhiteSpace(l.Content)
            && !l.Content.StartsWith("[sys]", StringComparison.Ordinal) && !l.Content.StartsWith(StoreMessages.Prefix, StringComparison.Ordinal)).ToList();
        // default(LogLine).Content is null: "none found".
        var line = candidates.LastOrDefault(l => Complaint().IsMatch(l.Content)).Content
            ?? candidates.LastOrDefault(l => l.IsErrorMessage).Content;
        return line?.Trim() ?? "it printed no reason";
    }

    /// <summary>DCP's own words when it could not launch the program ("[sys] ... Error = fork/exec ...: no such file").</summary>
    private static string LaunchError(LogLine[] tail) =>
        tail.Select(l => l.Content.Split("Error = ", 2)).Where(p => p.Length == 2).Select(p => p[1].Trim()).FirstOrDefault()
        ?? "see its log";

    /// <summary>PostgreSQL's FATAL/PANIC/ERROR, Redis's warnings (" # "), and plain words of failure.</summary>
    [GeneratedRegex(@"FATAL|PANIC|ERROR|\s#\s|^#\s|[Ee]rror|[Ff]atal|[Cc]annot|[Cc]an't|[Cc]ould not|[Dd]enied|[Ff]ailed|[Ii]nvalid|[Bb]ad ")]
    private static partial Regex Complaint();

    private static string FormatTail(string resource, LogLine[] tail) =>
        tail.Length == 0 ? "" : $"\nLast lines of {resource}'s log:\n  {string.Join("\n  ", tail.Select(l => l.Content))}";
}

public static class StartupFailureWatcherExtensions
{
    /// <summary>Registers the watcher; it starts before the first resource does.</summary>
    public static IDistributedApplicationBuilder AddStartupFailureWatcher(this IDistributedApplicationBuilder builder)
    {
        var record = new StartupFailureRecord();
        builder.Services.AddSingleton(record);
        builder.Services.AddSingleton<StartupFailureWatcher>();
        // Stopping while resources still wait makes the host log "Hosting failed to start" with a cancellation
        // stack trace; after a reported failure that is noise in front of the real reason.
        builder.Services.AddLogging(logging => logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host",
            level => level >= LogLevel.Information && !(record.Failure is not null && level >= LogLevel.Error)));
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<StartupFailureWatcher>().Start(e.Model);
            return Task.CompletedTask;
        });
        return builder;
    }

    /// <summary>Runs the app; returns 0, or <see cref="StartupFailureWatcher.ExitCode"/> when a store failed to start.</summary>
    public static async Task<int> RunAndReportStartupFailureAsync(this DistributedApplication app)
    {
        var watcher = app.Services.GetRequiredService<StartupFailureWatcher>();
        try
        {
            await app.RunAsync();
        }
        catch (OperationCanceledException) when (watcher.Failure is not null)
        {
            // Stopped while still starting: the failure below is the story, not the cancellation.
        }
        if (watcher.Failure is not { } failure) return 0;
        await Console.Error.WriteLineAsync($"AppHost stopped: {failure.Resource} failed to start: {failure.Reason}");
        return StartupFailureWatcher.ExitCode;
    }
}
