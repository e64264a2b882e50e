using SheqingMinyi.Bench.Tools;

namespace SheqingMinyi.Bench.Measures;

/// <summary>
/// Row 1: a cheap authenticated GET (scoring's /alive with a real token) straight to the process, through nginx
/// (keep-alive upstream, its own process) and through the gateway, each with wrk -t1 -c32 -d10s.
/// </summary>
public static class GatewayOverhead
{
    public static async Task RunAsync(BenchContext bench)
    {
        var direct = bench.Scoring.DirectUrl.TrimEnd('/');
        await Wrk.RunAsync($"{Platform.GatewayUrl}/api/scoring/alive", bench.AdminToken, seconds: 2); // warm-up: JIT, pools
        // Each CPU reading waits a few seconds after the load: the dashboard works off the telemetry it was sent late.
        var (straight, straightCpu) = await bench.CpuOfAsync(() => bench.Memory.DuringAsync(Wrk.RunAsync($"{direct}/alive", bench.AdminToken)), BenchContext.TelemetrySettle);
        Rate viaNginx;
        Dictionary<string, double> nginxCpu;
        await using (var nginx = await Nginx.StartAsync(direct))
            (viaNginx, nginxCpu) = await bench.CpuOfAsync(() => Wrk.RunAsync($"http://127.0.0.1:{nginx.Port}/alive", bench.AdminToken), BenchContext.TelemetrySettle, nginx.Pid);
        var (viaGateway, gatewayCpu) = await bench.CpuOfAsync(() => bench.Memory.DuringAsync(Wrk.RunAsync($"{Platform.GatewayUrl}/api/scoring/alive", bench.AdminToken)), BenchContext.TelemetrySettle);
        // Where a request's CPU goes, per path: the rates above depend on the load of the machine, these hardly do.
        bench.Table.Notes.Add($"1a CPU per request, direct: {CpuSampler.PerOperation(straightCpu, straight.PerSecond * 10)}");
        bench.Table.Notes.Add($"1b CPU per request, through nginx: {CpuSampler.PerOperation(nginxCpu, viaNginx.PerSecond * 10)}");
        bench.Table.Notes.Add($"1c CPU per request, through the gateway: {CpuSampler.PerOperation(gatewayCpu, viaGateway.PerSecond * 10)}");

        var nginxRatio = viaNginx.PerSecond / straight.PerSecond;
        var gatewayRatio = viaGateway.PerSecond / straight.PerSecond;
        var anchor = $"direct {Row.PerSecond(straight)}, p50 {Row.Ms(straight.P50Ms)}";
        bench.Table.Add(new Row("1a. GET /alive with token, direct to scoring (anchor)", Row.WithErrors(straight), Row.Ms(straight.P50Ms), Row.Ms(straight.P99Ms), "—", "1.00", "—", "—"));
        bench.Table.Add(new Row("1b. same through nginx (keep-alive)", Row.WithErrors(viaNginx), Row.Ms(viaNginx.P50Ms), Row.Ms(viaNginx.P99Ms), anchor, Row.X(nginxRatio), "reference", "—"));
        bench.Table.Add(new Row("1c. same through the gateway", Row.WithErrors(viaGateway), Row.Ms(viaGateway.P50Ms), Row.Ms(viaGateway.P99Ms), anchor, Row.X(gatewayRatio),
            $"≥ nginx/direct ({Row.X(nginxRatio)})", Row.Yes(gatewayRatio >= nginxRatio && viaGateway.Errors == 0)));
    }
}
