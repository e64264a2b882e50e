using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;

namespace SheqingMinyi.EndToEnd.Tests.StoreStartup;

/// <summary>
/// The AppHost program itself, as scripts/run.sh starts it (its launch profile's settings, its own process): with a
/// store that cannot start it must exit non-zero, soon, saying why — not wait forever.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(StoreStartupCollection.Name)]
public sealed class AppHostExitTests
{
    [Fact]
    public async Task The_AppHost_with_a_corrupt_PostgreSQL_cluster_exits_1_within_90_seconds_and_prints_the_reason()
    {
        using var scratch = new ScratchDirectory();
        var data = Path.Combine(scratch.Path, "data");
        var cluster = scratch.CorruptCluster(data);

        var (code, output, errors) = await RunAppHostAsync(TimeSpan.FromSeconds(90), $"Infrastructure:DataDirectory={data}");

        Assert.True(code == 1, $"exit code {code}; output:\n{output}");
        Assert.Contains("postgres failed to start: it exited with code 2 before it was ever ready", output);
        Assert.Contains($"could not access the server configuration file \"{cluster}/postgresql.conf\"", output);
        // The last word on stderr is the reason, not a stack trace. (Stdout's log lines are read on another thread,
        // so where they fall relative to stderr in the combined text is not defined.)
        Assert.StartsWith("AppHost stopped: postgres failed to start:", errors.TrimEnd().Split('\n')[^1]);
        Assert.DoesNotContain("Hosting failed to start", output);
    }

    /// <summary>Runs the built AppHost with http-profile settings on free ports; kills it if it outlives <paramref name="bound"/>.</summary>
    private static async Task<(int? Code, string Output, string Errors)> RunAppHostAsync(TimeSpan bound, params string[] args)
    {
        // Same configuration and framework as this test assembly (…/bin/Release/net10.0/).
        var outputDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var appHostDir = Projects.AppHost.ProjectPath.EndsWith(".csproj") ? Path.GetDirectoryName(Projects.AppHost.ProjectPath)! : Projects.AppHost.ProjectPath;
        var dll = Path.Combine(appHostDir, "bin", outputDir.Parent!.Name, outputDir.Name, "SheqingMinyi.AppHost.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = appHostDir,
        };
        foreach (var arg in (string[])[dll, "DcpPublisher:RandomizePorts=true", .. args]) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        start.Environment["ASPNETCORE_URLS"] = $"http://localhost:{FreePort()}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{FreePort()}";
        start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{FreePort()}";

        var output = new StringBuilder();
        var errors = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (output) { output.AppendLine(e.Data); errors.AppendLine(e.Data); }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output) return (null, $"still running after {bound}, killed:\n{output}", errors.ToString());
        }
        lock (output) return (process.ExitCode, output.ToString(), errors.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
