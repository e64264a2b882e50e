using Microsoft.Extensions.Configuration;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>
/// AppHost settings that trade a convenience for speed (README, "Settings for speed"), so one bench run can
/// measure each with and without:
/// <list type="bullet">
/// <item><c>Dashboard:Enabled</c> (default true): false starts no dashboard, and the projects export no telemetry.</item>
/// <item><c>Local:DirectEndpoints</c> (default true; local mode only): PostgreSQL, Redis and the single-replica
/// projects are reached on their own ports, not through the AppHost's proxy (<see cref="DirectEndpoints"/>).</item>
/// <item><c>Scale:Replicas</c> (default 1): processes of intake, review and scoring each.</item>
/// <item><c>Launch:BuiltExecutables</c> (default true): projects start from their build output, not through
/// <c>dotnet run</c> (<see cref="BuiltExecutables"/>).</item>
/// <item><c>ServiceSettings:*</c>: given to every project as its own configuration (<see cref="ProjectSettings"/>).</item>
/// </list>
/// </summary>
public sealed record SpeedSettings(bool DashboardEnabled, bool DirectEndpointsWanted, int Replicas, bool BuiltExecutables = true)
{
    public const string DashboardKey = "Dashboard:Enabled";
    public const string DirectEndpointsKey = "Local:DirectEndpoints";
    public const string ReplicasKey = "Scale:Replicas";
    public const string BuiltExecutablesKey = "Launch:BuiltExecutables";
    // Aspire.Hosting.Testing (and the fault bench) set it to run beside a platform on the default ports.
    public const string RandomizePortsKey = "DcpPublisher:RandomizePorts";

    public static SpeedSettings From(IConfiguration configuration)
    {
        var replicas = configuration.GetValue(ReplicasKey, 1);
        if (replicas < 1)
            throw new InvalidOperationException($"{ReplicasKey} is {replicas}: it must be 1 or more.");
        return new SpeedSettings(configuration.GetValue(DashboardKey, true), configuration.GetValue(DirectEndpointsKey, true), replicas,
            configuration.GetValue(BuiltExecutablesKey, true));
    }

    /// <summary>Direct endpoints need fixed ports: not when ports are randomized to run beside another platform.</summary>
    public bool DirectEndpoints(IConfiguration configuration) =>
        DirectEndpointsWanted && !configuration.GetValue(RandomizePortsKey, false);

    /// <summary>
    /// The options to build the AppHost with. The dashboard is chosen before the builder (and its configuration)
    /// exists, so <c>Dashboard:Enabled</c> is read here from the command line and the environment (Dashboard__Enabled).
    /// </summary>
    public static DistributedApplicationOptions Options(string[] args)
    {
        var early = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        return new DistributedApplicationOptions { Args = args, DisableDashboard = !early.GetValue(DashboardKey, true) };
    }
}
