using SheqingMinyi.Bench;
using SheqingMinyi.Bench.Faults;

// bench/run.sh calls this once the platform runs. Subcommands: "table" (the measures, see TableRun), "switch"
// (one line of the switches table) and "faults" (fault counts).
if (args is ["faults", .. var faultArgs]) return await FaultScenarios.RunAsync(faultArgs); // a platform of its own (bench/faults.sh)
var platform = Platform.Discover();
if (!platform.IsComplete)
{
    Console.Error.WriteLine($"bench: the platform is not running (found: {string.Join(", ", platform.Processes.Keys)})");
    return 2;
}
Console.WriteLine($"bench: found {string.Join(", ", platform.Processes.Values.Select(p => $"{p.Name}={p.DirectUrl}"))}");
return args.FirstOrDefault() switch
{
    "table" or "switch" => await TableRun.RunAsync(platform, args),
    _ => 0,
};
