using System.Collections.Concurrent;
using System.Diagnostics;

namespace SheqingMinyi.Bench.Tools;

/// <summary>N concurrent loops running one operation for a fixed time: the C# counterpart of wrk for multi-step flows.</summary>
public static class LoadLoop
{
    public static async Task<Rate> RunAsync(Func<Task<bool>> operation, int concurrency = 32, int seconds = 10)
    {
        var latencies = new ConcurrentBag<double>();
        long errors = 0;
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < end)
            {
                var started = clock.Elapsed;
                bool ok;
                try { ok = await operation(); } catch (Exception) { ok = false; }
                if (ok) latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                else Interlocked.Increment(ref errors);
            }
        }));
        return Rate.FromLatencies([.. latencies], clock.Elapsed.TotalSeconds, errors);
    }
}
