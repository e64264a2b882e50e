using System.Runtime.Versioning;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SheqingMinyi.AppHost.Infrastructure;

namespace SheqingMinyi.EndToEnd.Tests.StoreStartup;

/// <summary>
/// A store that cannot start is FailedToStart with the reason in its console log, and the AppHost stops — within
/// seconds, not never: initdb failing, a server exiting at once, a corrupt cluster, a corrupt Redis append-only file.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(StoreStartupCollection.Name)]
public sealed class StoreStartFailureTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    public static TheoryData<string> BrokenSetups => ["initdb fails", "postgres exits at once", "corrupt cluster", "corrupt Redis append-only file"];

    /// <summary>AppHost arguments that break one store, the store, and words its log must then contain. The
    /// servers are real, except where a stand-in script plays one that fails (initdb, a postgres that cannot bind).</summary>
    private static (string[] Args, string Store, string Reason) Break(string setup, ScratchDirectory scratch)
    {
        var data = Path.Combine(scratch.Path, "data");
        var bin = Path.Combine(scratch.Path, "bin");
        Directory.CreateDirectory(bin);
        File.SetUnixFileMode(bin, File.GetUnixFileMode(scratch.Path));
        string[] common = [$"Infrastructure:DataDirectory={data}"];
        switch (setup)
        {
            case "initdb fails":
                scratch.Script("bin/postgres", "exit 0");
                scratch.Script("bin/initdb", "echo 'initdb: error: simulated: no space left on device' >&2; exit 1");
                return ([.. common, $"Infrastructure:PostgresBin={bin}"], "postgres", "initdb failed (exit code 1): initdb: error: simulated: no space left on device");
            case "postgres exits at once":
                scratch.CorruptCluster(data);
                scratch.Script("bin/postgres", "echo 'FATAL:  simulated: could not bind IPv4 address' >&2; exit 1");
                return ([.. common, $"Infrastructure:PostgresBin={bin}"], "postgres", "exited with code 1 before it was ever ready: FATAL:  simulated: could not bind IPv4 address");
            case "corrupt cluster":
                var cluster = scratch.CorruptCluster(data);
                return (common, "postgres", $"could not access the server configuration file \"{cluster}/postgresql.conf\"");
            case "corrupt Redis append-only file":
                var aof = Path.Combine(data, "redis", "appendonlydir");
                Directory.CreateDirectory(aof);
                File.WriteAllText(Path.Combine(aof, "appendonly.aof.manifest"), "not a manifest\n");
                return (common, "redis", "AOF manifest"); // redis-server 7: "# Invalid AOF manifest file format"
            default:
                throw new ArgumentOutOfRangeException(nameof(setup));
        }
    }

    [Theory]
    [MemberData(nameof(BrokenSetups))]
    public async Task A_store_that_cannot_start_is_FailedToStart_with_the_reason_in_its_log_and_the_AppHost_stops(string setup)
    {
        using var scratch = new ScratchDirectory();
        var (args, store, reason) = Break(setup, scratch);
        await using var app = await StoresOnlyApp.BuildAsync(args);
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var stopped = new TaskCompletionSource();
        stopping.Register(() => stopped.TrySetResult());

        using var bound = new CancellationTokenSource(Bound);
        var start = app.StartAsync(bound.Token);
        await stopped.Task.WaitAsync(bound.Token); // stops by itself, well inside the bound

        Assert.True(app.ResourceNotifications.TryGetCurrentState(store, out var current));
        Assert.Equal(KnownResourceStates.FailedToStart, current.Snapshot.State?.Text);
        await ResourceLog.AssertContainsAsync(app, store, $"{store} failed to start: ", reason);
        var failure = app.Services.GetRequiredService<StartupFailureWatcher>().Failure;
        Assert.NotNull(failure);
        Assert.Equal(store, failure.Resource);
        Assert.Contains(reason, failure.Reason);
        try { await start; } catch (OperationCanceledException) { } // stopped while still starting
    }
}
