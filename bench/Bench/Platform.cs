
namespace SheqingMinyi.Bench;

/// <summary>One running service process of the platform, found through /proc: its pid, its own listening URL
/// (straight to the process, past any proxy) and its environment (connection strings, service discovery).</summary>
public sealed record ServiceProcess(string Name, int Pid, string DirectUrl, IReadOnlyDictionary<string, string> Environment)
{
    public string ConnectionString(string name) =>
        Environment.TryGetValue($"ConnectionStrings__{name}", out var value) ? value : throw new InvalidOperationException($"{Name} has no connection string {name}");
}

/// <summary>
/// The running platform as the bench sees it. Services are found by their assembly name in /proc/*/cmdline (this
/// machine runs everything as one user, root in CI), so the bench needs no configuration and no fixed store ports.
/// </summary>
public sealed class Platform
{
    public const string GatewayUrl = "http://localhost:5080";
    public static readonly string[] Services = ["Gateway", "Identity.Api", "People.Api", "Intake.Api", "Review.Api", "TrainingEvents.Api", "Scoring.Api"];

    public required IReadOnlyDictionary<string, ServiceProcess> Processes { get; init; }

    public ServiceProcess this[string name] => Processes[name];

    public static Platform Discover()
    {
        var found = new Dictionary<string, ServiceProcess>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var args = ProcFiles.ReadNulSeparated(Path.Combine(dir, "cmdline"));
            var name = Services.FirstOrDefault(s => args.Any(a => Path.GetFileName(a) is var f && (f == s || f == s + ".dll")));
            if (name is null || !IsOfThisRepository(args, dir)) continue;
            var env = ProcFiles.Environment(ProcFiles.ReadNulSeparated(Path.Combine(dir, "environ")));
            // A build or `dotnet run` wrapper names the project too; only the process that serves has its URLs set.
            var url = env.GetValueOrDefault("ASPNETCORE_URLS")?.Split(';')[0];
            if (string.IsNullOrEmpty(url) || args.Any(a => a is "build" or "msbuild" or "run")) continue;
            found[name] = new ServiceProcess(name, pid, url, env);
        }
        return new Platform { Processes = found };
    }

    /// <summary>The checkout the bench runs from (bench/Bench/bin/Release/net10.0 is five levels down).</summary>
    public static readonly string RepositoryRoot = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..")) + "/";

    // Other checkouts on the machine may run their own platform: only this one's processes count (binary path or cwd).
    private static bool IsOfThisRepository(string[] args, string dir)
    {
        if (args.Any(a => Path.IsPathRooted(a) && a.StartsWith(RepositoryRoot, StringComparison.Ordinal))) return true;
        try { return (new DirectoryInfo(Path.Combine(dir, "cwd")).LinkTarget + "/").StartsWith(RepositoryRoot, StringComparison.Ordinal); }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    public bool IsComplete => Services.All(Processes.ContainsKey);

    /// <summary>Resident memory of a process in MB (VmRSS).</summary>
    public static double RssMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:"));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }
}
