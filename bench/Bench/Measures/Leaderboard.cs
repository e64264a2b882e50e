using System.Diagnostics;
using SheqingMinyi.Bench.Seed;
using SheqingMinyi.Bench.Tools;

namespace SheqingMinyi.Bench.Measures;

/// <summary>
/// Rows 2, 3 and the leaderboard growth lines: top 50 through the gateway on a board of seeded volume, against
/// redis-benchmark's ZREVRANGE on the same sorted set; the first read after the board's keys are dropped (a
/// rebuild from the ledger) against the warm reads.
/// </summary>
public static class Leaderboard
{
    public sealed record Volume(int Year, int Persons, int Rows);

    public static readonly Volume[] Volumes = [new(2033, 1_000, 10_000), new(2032, 10_000, 100_000), new(2031, 100_000, 1_000_000)];

    public sealed record Result(Volume Volume, double FirstReadMs, Rate Warm, Dictionary<string, double> WarmCpu);

    public static async Task<Result> MeasureAsync(BenchContext bench, Volume volume)
    {
        await LedgerSeed.EnsureAsync(bench.Scoring.ConnectionString("scoringdb-owner"), BenchContext.Tenant, volume.Year, volume.Persons, volume.Rows);
        var url = $"{Platform.GatewayUrl}/api/scoring/leaderboards/persons?top=50&period={volume.Year}";
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", bench.AdminToken);

        await Boards.DropAsync(bench.Redis, BenchContext.Tenant, $"{volume.Year}");
        // The first read rebuilds the board; should it fail (e.g. a timeout), the time until a read succeeds counts,
        // three reads at most.
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            using var response = await client.GetAsync(url);
            if (response.IsSuccessStatusCode) break;
            if (attempt == 3)
                throw new InvalidOperationException($"{volume.Rows:N0} rows: 3 reads after dropping the board failed, the last {(int)response.StatusCode} after {clock.Elapsed.TotalSeconds:0.0} s");
        }
        var firstMs = clock.Elapsed.TotalMilliseconds;

        await Wrk.RunAsync(url, bench.AdminToken, seconds: 2); // warm-up
        var (warm, warmCpu) = await bench.CpuOfAsync(() => Wrk.RunAsync(url, bench.AdminToken), BenchContext.TelemetrySettle);
        return new Result(volume, firstMs, warm, warmCpu);
    }

    public static async Task RunAsync(BenchContext bench, List<Result> growth)
    {
        var big = Volumes[^1];
        var result = await MeasureAsync(bench, big);
        growth.Add(result);
        var key = Boards.BoardKey(bench.Redis, BenchContext.Tenant, $"{big.Year}");
        const int redisRequests = 100_000;
        var (redis, redisCpu) = await bench.CpuOfAsync(() => RedisBench.RunAsync(bench.Scoring.ConnectionString("redis"), ["ZREVRANGE", key.ToString(), "0", "49", "WITHSCORES"], requests: redisRequests));
        bench.Table.Notes.Add($"2 CPU per leaderboard read through the gateway: {CpuSampler.PerOperation(result.WarmCpu, result.Warm.PerSecond * 10)}");
        bench.Table.Notes.Add($"2 CPU per redis-benchmark ZREVRANGE: {CpuSampler.PerOperation(redisCpu, redisRequests)}");
        var ratio = result.Warm.PerSecond / redis.PerSecond;
        bench.Table.Add(new Row($"2. leaderboard top 50 via gateway, {big.Persons / 1000}k persons, {big.Rows / 1_000_000}M ledger rows",
            Row.WithErrors(result.Warm), Row.Ms(result.Warm.P50Ms), Row.Ms(result.Warm.P99Ms),
            $"redis-benchmark ZREVRANGE 0 49 -c32: {Row.PerSecond(redis)}, p50 {Row.Ms(redis.P50Ms)}", Row.X(ratio), "≥ 0.30",
            Row.Yes(ratio >= 0.3 && result.Warm.Errors == 0)));
        var speedup = result.FirstReadMs / result.Warm.P50Ms;
        bench.Table.Add(new Row($"3. leaderboard first read after dropping the board (rebuild of {big.Rows / 1_000_000}M rows)",
            "1 read", Row.Ms(result.FirstReadMs), "—", $"warm p50 {Row.Ms(result.Warm.P50Ms)}", $"{Row.X(speedup)}x",
            "≥ 10x; rebuild ≤ 5 s", Row.Yes(speedup >= 10 && result.FirstReadMs <= 5000)));
    }
}
