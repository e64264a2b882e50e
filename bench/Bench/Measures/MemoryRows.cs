namespace SheqingMinyi.Bench.Measures;

/// <summary>Row 6: each service's resident memory before the load and its peak during rows 1 and 4.</summary>
public static class MemoryRows
{
    public static void Add(BenchContext bench)
    {
        foreach (var name in Platform.Services)
        {
            var idle = bench.Memory.Idle.GetValueOrDefault(name);
            var peak = Math.Max(idle, bench.Memory.Peak.GetValueOrDefault(name));
            bench.Table.Add(new Row($"6. RSS {name}", $"idle {idle:0} MB, under load {peak:0} MB", "—", "—", "idle", Row.X(peak / idle), "reported", "—"));
        }
    }
}
