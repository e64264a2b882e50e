using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SheqingMinyi.AppHost.Infrastructure;

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

    /// <summary>A store that runs but never gets healthy (say, a password that is not the cluster's) may only be
    /// slow, so it does not stop the AppHost; after this long the terminal says what its health check sees.</summary>
    public static readonly TimeSpan NotReadyWarningAfter = TimeSpan.FromSeconds(90);

    private readonly ConcurrentDictionary<string, bool> _everHealthy = new();
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
        foreach (var resource in watched)
            _ = Task.Run(() => WarnIfNeverReadyAsync(resource, stopping), stopping);
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
                if (e.Snapshot.HealthStatus == HealthStatus.Healthy) _everHealthy[e.Resource.Name] = true;
                if (_everHealthy.ContainsKey(e.Resource.Name) || stopping.IsCancellationRequested) continue;
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

    private async Task WarnIfNeverReadyAsync(IResource resource, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(NotReadyWarningAfter, stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (Volatile.Read(ref _failed) == 1 || _everHealthy.ContainsKey(resource.Name)
            || !notifications.TryGetCurrentState(resource.Name, out var current)) return;
        var seen = current.Snapshot.HealthReports
            .Select(r => r.ExceptionText?.Split('\n')[0].Trim() ?? r.Description)
            .FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? "no health check result yet";
        var state = current.Snapshot.State?.Text ?? "not started";
        resourceLogs.GetLogger(resource).LogWarning("{Prefix}{Resource} is {State} but not ready after {Seconds} s: {Seen}",
            StoreMessages.Prefix, resource.Name, state, NotReadyWarningAfter.TotalSeconds, seen);
        logger.LogWarning("{Resource} is {State} but not ready after {Seconds} s; its health check says: {Seen}",
            resource.Name, state, NotReadyWarningAfter.TotalSeconds, seen);
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
