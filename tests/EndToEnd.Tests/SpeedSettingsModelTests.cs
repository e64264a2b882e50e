using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.AppHost.Infrastructure;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>The AppHost's settings for speed (README, "Settings for speed") in the app model, built, not started.</summary>
public sealed class SpeedSettingsModelTests
{
    private static readonly Dictionary<string, int> LaunchProfilePorts = new()
    {
        ["gateway"] = 5080, ["intake"] = 5101, ["review"] = 5102, ["people"] = 5103, ["training"] = 5104, ["scoring"] = 5105, ["identity"] = 5106,
    };
    private static readonly string[] Replicated = ["intake", "review", "scoring"];

    // Aspire.Hosting.Testing randomizes ports; the platform as scripts/run.sh starts it does not.
    private const string FixedPorts = "DcpPublisher:RandomizePorts=false";

    private static async Task<DistributedApplicationModel> LocalModelAsync(params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["Infrastructure:Mode=local", $"Infrastructure:DataDirectory={Path.GetTempPath()}/sqmy-model", .. args]);
        await using var app = await builder.BuildAsync();
        return app.Services.GetRequiredService<DistributedApplicationModel>();
    }

    private static EndpointAnnotation Endpoint(DistributedApplicationModel model, string resource) =>
        Assert.Single(model.Resources.Single(r => r.Name == resource).Annotations.OfType<EndpointAnnotation>());

    private static int ReplicasOf(DistributedApplicationModel model, string project) =>
        model.Resources.Single(r => r.Name == project).Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;

    private static Task<Dictionary<string, string>> EnvironmentOfAsync(DistributedApplicationModel model, string project) =>
        model.Resources.OfType<ProjectResource>().Single(p => p.Name == project)
            .GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish).AsTask();

    [Fact]
    public async Task With_fixed_ports_local_mode_serves_the_stores_and_every_project_on_its_own_port_without_the_proxy()
    {
        var model = await LocalModelAsync(FixedPorts);

        foreach (var (store, port) in new[] { ("postgres", DirectEndpoints.DefaultPostgresPort), ("redis", DirectEndpoints.DefaultRedisPort) })
        {
            var endpoint = Endpoint(model, store);
            Assert.False(endpoint.IsProxied, $"{store} is proxied");
            Assert.Equal(port, endpoint.Port);
            Assert.Equal(port, endpoint.TargetPort);
        }
        foreach (var (project, port) in LaunchProfilePorts)
        {
            var endpoint = Endpoint(model, project);
            Assert.False(endpoint.IsProxied, $"{project} is proxied");
            Assert.Equal(port, endpoint.Port);
            Assert.Equal(port, endpoint.TargetPort);
        }
    }

    [Fact]
    public async Task The_store_ports_are_settings()
    {
        var model = await LocalModelAsync(FixedPorts, "Infrastructure:PostgresPort=25432", "Infrastructure:RedisPort=26379");
        Assert.Equal(25432, Endpoint(model, "postgres").TargetPort);
        Assert.Equal(26379, Endpoint(model, "redis").TargetPort);
    }

    [Theory]
    [InlineData("DcpPublisher:RandomizePorts=true")] // as the tests and the fault bench run it, beside a running platform
    [InlineData("Local:DirectEndpoints=false")]
    public async Task With_randomized_ports_or_direct_endpoints_off_everything_goes_through_the_proxy_as_before(string setting)
    {
        var model = await LocalModelAsync(FixedPorts, setting);
        foreach (var resource in LaunchProfilePorts.Keys.Append("postgres").Append("redis"))
        {
            var endpoint = Endpoint(model, resource);
            Assert.True(endpoint.IsProxied, $"{resource} is not proxied");
            Assert.Null(endpoint.TargetPort); // DCP picks the port the process listens on
        }
        Assert.Null(Endpoint(model, "postgres").Port);
        Assert.Equal(5101, Endpoint(model, "intake").Port);
    }

    [Fact]
    public async Task The_testing_builder_randomizes_ports_so_the_end_to_end_tests_keep_the_proxy()
    {
        var model = await LocalModelAsync();
        Assert.True(Endpoint(model, "postgres").IsProxied);
        Assert.True(Endpoint(model, "gateway").IsProxied);
    }

    [Fact]
    public async Task Scale_Replicas_runs_intake_review_and_scoring_that_many_times_behind_the_proxy_and_the_others_once()
    {
        var single = await LocalModelAsync(FixedPorts);
        var scaled = await LocalModelAsync(FixedPorts, "Scale:Replicas=2");

        foreach (var project in LaunchProfilePorts.Keys)
        {
            Assert.Equal(1, ReplicasOf(single, project));
            var replicated = Replicated.Contains(project);
            Assert.Equal(replicated ? 2 : 1, ReplicasOf(scaled, project));
            // Replicas cannot share a port: the replicated keep the proxy, which spreads requests over them.
            Assert.Equal(replicated, Endpoint(scaled, project).IsProxied);
        }
        Assert.False(Endpoint(scaled, "postgres").IsProxied);
    }

    [Fact]
    public async Task Zero_replicas_is_refused()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => LocalModelAsync("Scale:Replicas=0"));
        Assert.Contains("Scale:Replicas is 0", error.ToString());
    }

    [Fact]
    public async Task ServiceSettings_reach_every_project_as_its_own_configuration()
    {
        var forwarded = await LocalModelAsync("ServiceSettings:Messaging:WakeOnPublish=false", "ServiceSettings:Telemetry:SamplingRatio=0.5");
        var plain = await LocalModelAsync();

        foreach (var project in LaunchProfilePorts.Keys)
        {
            var environment = await EnvironmentOfAsync(forwarded, project);
            Assert.Equal("false", environment["Messaging__WakeOnPublish"]);
            Assert.Equal("0.5", environment["Telemetry__SamplingRatio"]);
            Assert.DoesNotContain(environment.Keys, k => k.StartsWith("ServiceSettings", StringComparison.Ordinal));
            Assert.False((await EnvironmentOfAsync(plain, project)).ContainsKey("Messaging__WakeOnPublish"));
        }
    }

    [Fact]
    public void Dashboard_Enabled_false_builds_the_AppHost_without_the_dashboard()
    {
        string[] args = ["Infrastructure:Mode=local", "Dashboard:Enabled=false"];
        var off = SpeedSettings.Options(args);
        Assert.True(off.DisableDashboard);
        Assert.Equal(args, off.Args);
        Assert.False(SpeedSettings.Options(["Infrastructure:Mode=local"]).DisableDashboard);
        Assert.False(SpeedSettings.Options(["Dashboard:Enabled=true"]).DisableDashboard);
    }

    /// <summary>A project's environment as a run would set it (OTLP is only given in run mode), values unevaluated.</summary>
    private static async Task<Dictionary<string, object>> RunEnvironmentOfAsync(string project, params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["Infrastructure:Mode=local", $"Infrastructure:DataDirectory={Path.GetTempPath()}/sqmy-model", .. args]);
        await using var app = await builder.BuildAsync();
        var resource = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == project);
        var context = new EnvironmentCallbackContext(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), resource);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
            await callback.Callback(context);
        return context.EnvironmentVariables;
    }

    [Fact]
    public async Task Without_the_dashboard_the_projects_export_no_telemetry()
    {
        foreach (var project in new[] { "gateway", "scoring" })
        {
            Assert.True(await RunEnvironmentOfAsync(project) is var on && on.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"), $"{project} does not export");
            Assert.False((await RunEnvironmentOfAsync(project, "Dashboard:Enabled=false")).ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"), $"{project} exports");
        }
    }

    [Fact]
    public async Task Every_project_runs_from_its_build_output_in_its_project_directory_unless_turned_off()
    {
        var model = await LocalModelAsync();
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            var projectPath = project.Annotations.OfType<IProjectMetadata>().Single().ProjectPath;
            var launch = Assert.Single(project.Annotations.OfType<ExecutableAnnotation>());
            Assert.Equal(Path.GetFileNameWithoutExtension(projectPath), Path.GetFileName(launch.Command));
            Assert.True(File.Exists(launch.Command), $"{project.Name}: {launch.Command} does not exist");
            Assert.Equal(Path.GetDirectoryName(projectPath), launch.WorkingDirectory);
            Assert.True(Directory.Exists(Path.Combine((await EnvironmentOfAsync(model, project.Name))["DOTNET_ROOT"], "shared", "Microsoft.NETCore.App")),
                $"{project.Name}: DOTNET_ROOT holds no runtime");
        }

        var off = await LocalModelAsync("Launch:BuiltExecutables=false");
        Assert.All(off.Resources.OfType<ProjectResource>(), p => Assert.Empty(p.Annotations.OfType<ExecutableAnnotation>()));
    }

    [Fact]
    public void A_project_not_built_in_the_configuration_keeps_dotnet_run()
    {
        var project = Path.Combine(Path.GetTempPath(), $"sqmy-unbuilt-{Guid.NewGuid():N}", "Unbuilt.Api.csproj");
        Assert.Null(BuiltExecutables.ExecutablePath(project, "Release"));
    }
}
