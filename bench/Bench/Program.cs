using System.Globalization;
using SheqingMinyi.Bench;
using SheqingMinyi.Bench.Measures;
using SheqingMinyi.Bench.Tools;
using StackExchange.Redis;

// bench/run.sh calls this once the platform runs:
//   table [--cold-start SECONDS] [--out FILE] [--adoptions N]   the measures, one table
//   switch LABEL --out FILE                                     one line of the switches table (gateway, create, adoption)
var platform = Platform.Discover();
if (!platform.IsComplete)
{
    Console.Error.WriteLine($"bench: the platform is not running (found: {string.Join(", ", platform.Processes.Keys)})");
    return 2;
}
Console.WriteLine($"bench: found {string.Join(", ", platform.Processes.Values.Select(p => $"{p.Name}={p.DirectUrl}"))}");

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var command = args.FirstOrDefault() ?? "table";
var output = Option("--out");

using var redis = await ConnectionMultiplexer.ConnectAsync(platform["Scoring.Api"].ConnectionString("redis") + ",allowAdmin=true");
var memory = new MemorySampler(platform);
memory.ReadIdle();
var adminToken = await Tokens.PasswordGrantAsync(BenchContext.Admin);

if (command is not ("table" or "switch"))
{
    Console.Error.WriteLine($"bench: unknown command {command} (table, switch)");
    return 2;
}
if (command == "switch")
    return await Switches.RunAsync(args[1], adminToken, output ?? "switches.md");

var table = new Table("Bench (bench/run.sh)");
var bench = new BenchContext(platform, redis, adminToken, table, memory);
if (Option("--cold-start") is { } coldStart)
{
    var seconds = double.Parse(coldStart, CultureInfo.InvariantCulture);
    table.Add(new Row("0. cold start: built AppHost → every resource healthy", $"{seconds:0.0} s", "—", "—", "—", "—", "≤ 20 s", Row.Yes(seconds <= 20)));
}

async Task Measure(string name, Func<Task> run)
{
    Console.WriteLine($"bench: {name} …");
    try { await run(); }
    catch (Exception e) { table.Failed(name, e); }
}

var boardGrowth = new List<Leaderboard.Result>();
var createGrowth = new List<(int Existing, Rate Rate)>();
await Measure("1. gateway overhead", () => GatewayOverhead.RunAsync(bench));
await Measure("2./3. leaderboard", () => Leaderboard.RunAsync(bench, boardGrowth));
await Measure("4. create + submit", () => CreateSubmit.RunAsync(bench, createGrowth));
await Measure("5. adoption → leaderboard", () => AdoptionVisible.RunAsync(bench, int.Parse(Option("--adoptions") ?? "200")));
await Measure("6. memory", () => { MemoryRows.Add(bench); return Task.CompletedTask; });
await Measure("7. growth", () => Growth.RunAsync(bench, boardGrowth, createGrowth));

var markdown = table.ToMarkdown();
Console.WriteLine();
Console.WriteLine(markdown);
if (output is not null) await File.WriteAllTextAsync(output, markdown);
return 0;
