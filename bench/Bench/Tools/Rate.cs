namespace SheqingMinyi.Bench.Tools;

/// <summary>What one load run measured: operations per second and latency percentiles in milliseconds.</summary>
public sealed record Rate(double PerSecond, double P50Ms, double P99Ms, long Errors = 0)
{
    public static Rate FromLatencies(IReadOnlyList<double> latenciesMs, double seconds, long errors = 0)
    {
        if (latenciesMs.Count == 0) return new Rate(0, double.NaN, double.NaN, errors);
        var sorted = latenciesMs.Order().ToArray();
        return new Rate(sorted.Length / seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99), errors);
    }

    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
