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
