namespace SheqingMinyi.Bench;

/// <summary>
/// CPU seconds spent by the platform's processes (everything under the AppHost: services, gateway, dashboard, DCP,
/// PostgreSQL, Redis), per process name. A rate says how fast a path is on a shared machine; CPU per operation says
/// where the work goes, and it hardly moves with the load other users put on the machine.
/// </summary>
public sealed class CpuSampler
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int _root;
    private readonly IReadOnlyDictionary<int, string> _names;

    public CpuSampler(Platform platform)
    {
        _names = platform.Processes.Values.ToDictionary(p => p.Pid, p => p.Name);
        _root = FindAppHost(platform.Processes.Values.First().Pid) ?? 0;
    }

    /// <summary>False when no AppHost was found above the services (then only the services themselves are read).</summary>
    public bool HasAppHost => _root != 0;

    /// <summary>CPU seconds so far per process name, children that exited included (cutime/cstime of their parent).</summary>
    public Dictionary<string, double> Read(IEnumerable<int>? extraRoots = null)
    {
        var all = ReadAll();
        var roots = new HashSet<int>(extraRoots ?? []);
        if (_root != 0) roots.Add(_root); else roots.UnionWith(_names.Keys);
        var totals = new Dictionary<string, double>();
        foreach (var (pid, stat) in all)
        {
            if (!IsUnder(pid, roots, all)) continue;
            var name = _names.TryGetValue(pid, out var n) ? n : stat.Name;
            totals[name] = totals.GetValueOrDefault(name) + (stat.Ticks + stat.ChildTicks) / TicksPerSecond;
        }
        return totals;
    }

    /// <summary>Seconds of CPU per name between two readings, minus what the same processes spend idle over that time.</summary>
    public static Dictionary<string, double> Spent(Dictionary<string, double> before, Dictionary<string, double> after,
        Dictionary<string, double>? idlePerSecond = null, double seconds = 0) =>
        after.Keys.Union(before.Keys).ToDictionary(k => k, k =>
            Math.Max(0, after.GetValueOrDefault(k) - before.GetValueOrDefault(k) - (idlePerSecond?.GetValueOrDefault(k) ?? 0) * seconds));

    /// <summary>"gateway 118 µs, Scoring.Api 310 µs, …" per operation, the largest first; small shares dropped.</summary>
    public static string PerOperation(Dictionary<string, double> spent, double operations, string unit = "µs")
    {
        var scale = unit == "ms" ? 1e3 : 1e6;
        var total = spent.Values.Sum();
        var parts = spent.Where(kv => kv.Value > total * 0.02).OrderByDescending(kv => kv.Value)
            .Select(kv => $"{kv.Key} {kv.Value / operations * scale:0.##} {unit}");
        return $"total {total / operations * scale:0.##} {unit} ({string.Join(", ", parts)})";
    }

    private static bool IsUnder(int pid, HashSet<int> roots, Dictionary<int, Stat> all)
    {
        for (var p = pid; p > 1 && all.TryGetValue(p, out var s); p = s.Parent)
            if (roots.Contains(p)) return true;
        return false;
    }

    // The highest ancestor that is the AppHost or Aspire's orchestrator (dcp, which may run detached from the AppHost).
    private static int? FindAppHost(int pid)
    {
        int? found = null;
        var all = ReadAll();
        for (var p = pid; p > 1 && all.TryGetValue(p, out var s); p = s.Parent)
        {
            var args = ProcFiles.ReadNulSeparated($"/proc/{p}/cmdline");
            if (args.Any(a => a.Contains("AppHost", StringComparison.Ordinal)) || (args.Length > 0 && Path.GetFileName(args[0]) == "dcp")) found = p;
        }
        return found;
    }

    private sealed record Stat(string Name, int Parent, long Ticks, long ChildTicks);

    private static Dictionary<int, Stat> ReadAll()
    {
        var stats = new Dictionary<int, Stat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string text;
            try { text = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
            var close = text.LastIndexOf(')');
            if (close < 0) continue;
            var name = text[(text.IndexOf('(') + 1)..close];
            var f = text[(close + 2)..].Split(' ');
            // After comm: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.
            stats[pid] = new Stat(name, int.Parse(f[1]), long.Parse(f[11]) + long.Parse(f[12]), long.Parse(f[13]) + long.Parse(f[14]));
        }
        return stats;
    }
}
