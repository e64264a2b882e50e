namespace SheqingMinyi.Bench;

/// <summary>Resident memory of each service process: a reading when idle, and the peak seen while a load runs.</summary>
public sealed class MemorySampler(Platform platform)
{
    public Dictionary<string, double> Idle { get; } = [];
    public Dictionary<string, double> Peak { get; } = [];

    public void ReadIdle()
    {
        foreach (var p in platform.Processes.Values) Idle[p.Name] = Read(p.Pid);
    }

    /// <summary>Samples every 250 ms while <paramref name="load"/> runs and keeps each process's peak.</summary>
    public async Task<T> DuringAsync<T>(Task<T> load)
    {
        while (!load.IsCompleted)
        {
            foreach (var p in platform.Processes.Values) Peak[p.Name] = Math.Max(Peak.GetValueOrDefault(p.Name), Read(p.Pid));
            await Task.WhenAny(load, Task.Delay(250));
        }
        return await load;
    }

    private static double Read(int pid)
    {
        try { return Platform.RssMegabytes(pid); } catch (IOException) { return 0; }
    }
}
