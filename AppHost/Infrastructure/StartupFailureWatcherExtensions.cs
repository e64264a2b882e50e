using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>Wires <see cref="StartupFailureWatcher"/> into the AppHost: registration, and a run that ends with its verdict.</summary>
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
