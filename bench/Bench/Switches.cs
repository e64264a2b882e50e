using SheqingMinyi.Bench.Measures;
using SheqingMinyi.Bench.Tools;

namespace SheqingMinyi.Bench;

/// <summary>
/// One line of the "switches" table for a platform started with one AppHost setting (bench/run.sh --switches):
/// the gateway's /alive rate, create + submit rate, and adopt → visible p50/p99 over 50 adoptions.
/// </summary>
public static class Switches
{
    public static async Task<int> RunAsync(string label, string adminToken, string output)
    {
        var line = label;
        try
        {
            var gateway = await Wrk.RunAsync($"{Platform.GatewayUrl}/api/scoring/alive", adminToken);
            using var member = await Tokens.SignedInAsync(CreateSubmit.Member);
            await CreateSubmit.ThroughGatewayAsync(member, seconds: 2);
            var create = await CreateSubmit.ThroughGatewayAsync(member);
            var adoption = (await AdoptionVisible.MeasureAsync(50)).Whole;
            line = $"| {label} | {Row.WithErrors(gateway)} (p50 {Row.Ms(gateway.P50Ms)}) | {Row.WithErrors(create)} (p50 {Row.Ms(create.P50Ms)}) | {Row.Ms(adoption.P50Ms)} / {Row.Ms(adoption.P99Ms)} |";
        }
        catch (Exception e)
        {
            line = $"| {label} | failed: {e.Message.Split('\n')[0]} | | |";
        }
        Console.WriteLine(line);
        if (!File.Exists(output))
            await File.WriteAllTextAsync(output, "### Switches (each a platform restart)\n\n| setting | gateway /alive rate | create + submit rate | adopt → visible p50 / p99 (50) |\n|---|---|---|---|\n");
        await File.AppendAllTextAsync(output, line + "\n");
        return 0;
    }
}
