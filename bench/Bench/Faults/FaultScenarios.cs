using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;

namespace SheqingMinyi.Bench.Faults;

/// <summary>One fault's row: what the clients were told, what the stores kept, how long it took.</summary>
public sealed record FaultRun(Fault Fault, LoadResult Load, FaultCounts Counts, TimeSpan LoadTime, TimeSpan SettleTime, string Note);

/// <summary>
/// <c>bench faults [--marker M] [--count 1000] [--concurrency 16] [--only intake,postgres,redis]</c>: for each fault,
/// a member creates and submits items through the gateway while the fault hits a quarter of the way in; then the
/// stores are asked what became of every acknowledged write and its event. Prints one line of counts per fault and
/// a table; exit 0 only when every count is 0. Runs against the platform bench/faults.sh started (its marker).
/// </summary>
public static class FaultScenarios
{
    private static readonly TimeSpan SettleAtMost = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RepublishAfter = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        var marker = Option(args, "--marker") ?? Environment.GetEnvironmentVariable(FaultPlatform.MarkerVariable)
            ?? throw new ArgumentException($"--marker or {FaultPlatform.MarkerVariable} names the run");
        var count = int.Parse(Option(args, "--count") ?? "1000");
        var concurrency = int.Parse(Option(args, "--concurrency") ?? "16");
        var only = Option(args, "--only");
        var faults = Fault.All.Where(f => only is null || only.Split(',').Any(o => f.Resource.StartsWith(o, StringComparison.OrdinalIgnoreCase))).ToList();

        if (Option(args, "--command") is { } command && Option(args, "--resource") is { } resource) // by hand, e.g. after an interrupted run
        {
            using var direct = new ResourceCommands(FaultPlatform.Discover(marker).ResourceService);
            var (succeeded, message) = await direct.ExecuteAsync(resource, command);
            Console.WriteLine($"faults: {command} {resource}: {(succeeded ? "done" : message)}");
            return succeeded ? 0 : 1;
        }
        var platform = await WaitUntilReadyAsync(marker, TimeSpan.FromSeconds(int.Parse(Option(args, "--wait") ?? "0")));
        Console.WriteLine($"faults: run {marker}, gateway {platform.GatewayUrl}, resource service {platform.ResourceService}; " +
                          $"{count} submissions per fault, {concurrency} clients");
        using var commands = new ResourceCommands(platform.ResourceService);
        var rows = new List<FaultRun>();
        var failed = new List<string>();
        foreach (var fault in faults)
        {
            Console.WriteLine($"faults: {fault.Name} while {count} submissions are created and submitted");
            using var abort = new CancellationTokenSource();
            FaultRun row;
            try { row = await RunOneAsync(FaultPlatform.Discover(marker), commands, fault, count, concurrency, abort); }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                Console.WriteLine($"faults: {fault.Name}: could not be measured: {ex.Message}");
                failed.Add($"{fault.Name}: {ex.Message}");
                continue;
            }
            rows.Add(row);
            Console.WriteLine($"faults: {fault.Name}: acknowledged writes lost = {row.Counts.AcknowledgedWritesLost}, " +
                              $"events lost = {row.Counts.EventsLost}, effects applied twice = {row.Counts.AppliedTwice}" +
                              $" (leaderboard − ledger = {row.Counts.BoardOffBy:0.##} points)");
        }

        Console.WriteLine();
        Console.WriteLine("| fault | acknowledged creates / submits | client retries | writes lost | events lost | applied twice | leaderboard − ledger | load | settle | note |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (fault, load, counts, loadTime, settleTime, note) in rows)
            Console.WriteLine($"| {fault.Name} | {load.Created.Count} / {load.Submitted.Count} | {load.Retries} | {counts.AcknowledgedWritesLost} | " +
                              $"{counts.EventsLost} | {counts.AppliedTwice} | {counts.BoardOffBy:0.##} | {loadTime.TotalSeconds:0.0} s | {settleTime.TotalSeconds:0.0} s | {note} |");
        foreach (var reason in failed) Console.WriteLine($"| {reason} | not measured |");
        return failed.Count == 0 && rows.All(r => r.Counts.Clean && r.Load.Refused == 0) ? 0 : 1;
    }

    private static async Task<FaultRun> RunOneAsync(
        FaultPlatform platform, ResourceCommands commands, Fault fault, int count, int concurrency, CancellationTokenSource abort)
    {
        var ct = abort.Token;
        var tag = $"{platform.Marker}-{fault.Resource}-{Guid.NewGuid().ToString("N")[..6]}";
        var startedAt = DateTimeOffset.UtcNow;
        var load = new SubmissionLoad(platform.GatewayUrl, "zhangming", "Sqmy@2026");
        await load.SignInAsync(ct);
        await Leaderboard.PointsAsync(load.Http, load.PersonId, ct); // builds the board before the load
        var progress = new StrongBox<int>(0);
        var clock = Stopwatch.StartNew();
        var running = load.RunAsync(tag, count, concurrency, progress, ct);
        var fire = Task.Run(async () =>
        {
            while (Volatile.Read(ref progress.Value) < count / 4 && !running.IsCompleted) await Task.Delay(50, ct);
            await fault.InjectAsync(platform, commands, Console.Out, ct);
        }, ct);
        // A fault that cannot be undone stops the load: its clients would only wait out their retries.
        if (await Task.WhenAny(running, fire) == fire && fire.IsFaulted)
        {
            await abort.CancelAsync();
            try { await running; } catch (OperationCanceledException) { }
        }
        await fire;
        var result = await running;
        var loadTime = clock.Elapsed;
        Console.WriteLine($"  load: {result.Created.Count} creates and {result.Submitted.Count} submits acknowledged in {loadTime.TotalSeconds:0.0} s, " +
                          $"{result.Retries} retries, {result.Refused} refused");
        foreach (var refusal in result.Refusals.Take(5)) Console.WriteLine($"  refused: {refusal}");

        // Let the events arrive: poll until none is missing, or for at most two minutes.
        platform = FaultPlatform.Discover(platform.Marker);
        var note = "";
        var settle = Stopwatch.StartNew();
        FaultCounts counts;
        while (true)
        {
            counts = await Verification.CountAsync(platform, tag, result, ct);
            if (counts.EventsLost == 0 || settle.Elapsed > SettleAtMost) break;
            // Missing events with nothing left to publish were lost by Redis: the operator's documented recovery.
            if (counts.OutboxUnpublished == 0 && note == "" && settle.Elapsed > RepublishAfter)
                note = await RepublishAsync(platform, startedAt, counts.EventsLost, ct);
            await Task.Delay(1000, ct);
        }
        // Anything delivered twice arrives in the next moments: count once more.
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        counts = await Verification.CountAsync(platform, tag, result, ct);
        counts = counts with { BoardOffBy = await Leaderboard.PointsAsync(load.Http, load.PersonId, ct) - await Leaderboard.LedgerPointsAsync(platform, load.PersonId, ct) };
        Console.WriteLine($"  settled in {settle.Elapsed.TotalSeconds:0.0} s; {counts.OutboxUnpublished} still unpublished in intake's outbox");
        return new FaultRun(fault, result, counts, loadTime, settle.Elapsed, note == "" ? "—" : note);
    }

    /// <summary>Until every service, the gateway and the dashboard run and the member can sign in through the gateway.</summary>
    private static async Task<FaultPlatform> WaitUntilReadyAsync(string marker, TimeSpan wait)
    {
        var clock = Stopwatch.StartNew();
        string why;
        do
        {
            var platform = FaultPlatform.Discover(marker);
            var missing = Platform.Services.Append("Aspire.Dashboard").Where(n => platform.Find(n) is null).ToList();
            if (missing.Count > 0) why = $"not running yet: {string.Join(", ", missing)}";
            else
            {
                try
                {
                    await new SubmissionLoad(platform.GatewayUrl, "zhangming", "Sqmy@2026").SignInAsync(CancellationToken.None);
                    Console.WriteLine($"faults: platform ready after {clock.Elapsed.TotalSeconds:0} s");
                    return platform;
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException) { why = ex.Message; }
            }
            if (clock.Elapsed < wait) await Task.Delay(2000);
        } while (clock.Elapsed < wait);
        throw new TimeoutException($"run {marker} is not ready after {wait.TotalSeconds:0} s: {why}");
    }

    /// <summary>POST /api/intake/admin/outbox/republish as the platform operator, from the scenario's start.</summary>
    private static async Task<string> RepublishAsync(FaultPlatform platform, DateTimeOffset since, int missing, CancellationToken ct)
    {
        var operatorClient = new SubmissionLoad(platform.GatewayUrl, "operator", "Sqmy@2026");
        await operatorClient.SignInAsync(ct, personOptional: true);
        var response = await operatorClient.Http.PostAsJsonAsync("/api/intake/admin/outbox/republish", new { since }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Console.WriteLine($"  {missing} events missing after {RepublishAfter.TotalSeconds:0} s with intake's outbox all published: " +
                          $"republished since {since:HH:mm:ss} -> {(int)response.StatusCode} {body}");
        return $"{missing} events lost by Redis, recovered by outbox republish";
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
