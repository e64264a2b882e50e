using SheqingMinyi.Bench;

// bench/run.sh calls this once the platform runs. Subcommands: "table" (the measures) and "faults" (fault counts).
var platform = Platform.Discover();
if (!platform.IsComplete)
{
    Console.Error.WriteLine($"bench: the platform is not running (found: {string.Join(", ", platform.Processes.Keys)})");
    return 2;
}
Console.WriteLine($"bench: found {string.Join(", ", platform.Processes.Values.Select(p => $"{p.Name}={p.DirectUrl}"))}");
return 0;
