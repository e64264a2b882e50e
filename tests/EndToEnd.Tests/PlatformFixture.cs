using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>
/// The whole platform as the AppHost runs it in local mode: PostgreSQL and Redis started from the machine's
/// binaries in a data folder of this run's own, the five services and the gateway, demo data seeded.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"sqmy-e2e-{Guid.NewGuid():N}");
    public DistributedApplication App { get; private set; } = null!;
    public HttpClient Gateway { get; private set; } = null!;

    public static readonly string[] Services = ["identity", "people", "intake", "review", "training", "scoring"];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "Infrastructure:Mode=local",
            $"Infrastructure:DataDirectory={_dataDirectory}",
            "Demo:Seed=true",
        ]);
        App = await builder.BuildAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await App.StartAsync(startup.Token);
        foreach (var name in Services.Append("gateway"))
            await App.ResourceNotifications.WaitForResourceHealthyAsync(name, startup.Token);
        Gateway = App.CreateHttpClient("gateway");
    }

    /// <summary>Runs a resource command (e.g. resource-stop) as an operator would from the dashboard.</summary>
    public async Task RunCommandAsync(string resource, string command)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, $"{command} on {resource}: {result.ErrorMessage}");
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
