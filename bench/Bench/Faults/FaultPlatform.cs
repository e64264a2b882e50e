
namespace SheqingMinyi.Bench.Faults;

/// <summary>
/// The platform faults.sh started, told apart from any other on this machine (the bench's own, tests' AppHosts) by
/// a marker every process of it inherits from the AppHost: <c>SQMY_FAULTS_RUN</c>. Its ports are random, so
/// everything is read from the processes: the gateway's and services' own URLs, connection strings, the AppHost's
/// resource service (from the dashboard's environment) and the store processes to kill.
/// </summary>
public sealed class FaultPlatform
{
    public const string MarkerVariable = "SQMY_FAULTS_RUN";

    public required string Marker { get; init; }
    public required IReadOnlyList<ServiceProcess> Processes { get; init; }

    public ServiceProcess? Find(string name) => Processes.FirstOrDefault(p => p.Name == name);
    public ServiceProcess Get(string name) => Find(name) ?? throw new InvalidOperationException($"no running {name} of run {Marker}");

    /// <summary>A store's connection string without pooling: after PostgreSQL restarts, a pooled connection would be
    /// a broken pipe at its first use.</summary>
    public string Unpooled(string service, string connectionName) =>
        new Npgsql.NpgsqlConnectionStringBuilder(Get(service).ConnectionString(connectionName)) { Pooling = false }.ConnectionString;

    public Uri GatewayUrl => new(Get("Gateway").DirectUrl.Replace("://+", "://localhost").Replace("://*", "://localhost"));

    public Uri ResourceService => new(Get("Aspire.Dashboard").Environment.GetValueOrDefault("ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL")
        ?? throw new InvalidOperationException("the dashboard's environment names no resource service"));

    /// <summary>This run's processes: .NET projects by assembly name, the dashboard, redis-server and the postmaster.</summary>
    public static FaultPlatform Discover(string marker)
    {
        var found = new List<ServiceProcess>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var env = ProcFiles.ReadNulSeparated(Path.Combine(dir, "environ"));
            // redis-server overwrites its environment with its process title: its parent (DCP) carries the marker.
            if (!env.Contains($"{MarkerVariable}={marker}") && !ParentEnvironment(dir).Contains($"{MarkerVariable}={marker}")) continue;
            var args = ProcFiles.ReadNulSeparated(Path.Combine(dir, "cmdline"));
            if (args.Length == 0) continue;
            var name = NameOf(args);
            if (name is null) continue;
            var environment = ProcFiles.Environment(env);
            found.Add(new ServiceProcess(name, pid, environment.GetValueOrDefault("ASPNETCORE_URLS")?.Split(';')[0] ?? "", environment));
        }
        return new FaultPlatform { Marker = marker, Processes = found };
    }

    private static string? NameOf(string[] args)
    {
        var files = args.Select(Path.GetFileName).ToList();
        if (files.FirstOrDefault(f => f is not null && f.StartsWith("Aspire.Dashboard")) is not null) return "Aspire.Dashboard";
        var project = Platform.Services.FirstOrDefault(s => files.Any(f => f == s || f == s + ".dll"));
        if (project is not null) return project;
        if (files[0] is { } first && first.StartsWith("redis-server")) return "redis-server";
        // The postmaster itself (as root it runs under runuser, whose command line names postgres too).
        if (files[0] == "postgres" && args.Contains("-D")) return "postgres";
        return null;
    }

    private static string[] ParentEnvironment(string dir)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            var ppid = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]; // after "pid (comm) state"
            return ProcFiles.ReadNulSeparated($"/proc/{ppid}/environ");
        }
        catch (IOException) { return []; }
    }
}
