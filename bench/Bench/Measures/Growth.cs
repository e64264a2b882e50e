using SheqingMinyi.Bench.Seed;
using SheqingMinyi.Bench.Tools;

namespace SheqingMinyi.Bench.Measures;

/// <summary>Row 7: how the leaderboard read and its rebuild grow with volume (1k/10k/100k persons), and the create path.</summary>
public static class Growth
{
    public static async Task RunAsync(BenchContext bench, List<Leaderboard.Result> boards, List<(int Existing, Rate Rate)> creates)
    {
        foreach (var volume in Leaderboard.Volumes.Where(v => boards.All(b => b.Volume != v)))
        {
            try { boards.Add(await Leaderboard.MeasureAsync(bench, volume)); }
            catch (Exception e) { bench.Table.Failed($"7. leaderboard top 50, {volume.Persons:N0} persons / {volume.Rows:N0} rows", e); }
        }
        var smallest = boards.MinBy(b => b.Volume.Persons);
        if (smallest is not null)
            foreach (var b in boards.OrderBy(b => b.Volume.Persons))
                bench.Table.Add(new Row($"7. leaderboard top 50, {b.Volume.Persons:N0} persons / {b.Volume.Rows:N0} rows",
                Row.WithErrors(b.Warm), Row.Ms(b.Warm.P50Ms), Row.Ms(b.Warm.P99Ms),
                $"{smallest.Volume.Persons:N0} persons: {Row.PerSecond(smallest.Warm)}; first read (rebuild) here {Row.Ms(b.FirstReadMs)}",
                Row.X(b.Warm.PerSecond / smallest.Warm.PerSecond), "flat", "—"));

        // The create path at growing volume already present: 10 s of create + submit after each step of seeded drafts.
        using var member = await Tokens.SignedInAsync(CreateSubmit.Member);
        var owner = bench.Intake.ConnectionString("intakedb-owner");
        foreach (var target in new[] { 1_000, 10_000, 100_000 })
        {
            var present = await CreateSubmit.SubmissionCountAsync(owner);
            if (present < target) await SubmissionSeed.AddAsync(owner, BenchContext.Tenant, CreateSubmit.ZhangMing, (int)(target - present));
            var rate = await CreateSubmit.ThroughGatewayAsync(member);
            creates.Add(((int)await CreateSubmit.SubmissionCountAsync(owner), rate));
        }
        var first = creates[0].Rate;
        foreach (var (existing, rate) in creates.OrderBy(c => c.Existing))
            bench.Table.Add(new Row($"7. create + submit with {existing:N0} submissions present", Row.WithErrors(rate), Row.Ms(rate.P50Ms), Row.Ms(rate.P99Ms),
                $"first create line: {Row.PerSecond(first)}", Row.X(rate.PerSecond / first.PerSecond), "flat", "—"));
    }
}
