using System.Globalization;
using System.Text;
using SheqingMinyi.Bench.Tools;

namespace SheqingMinyi.Bench;

/// <summary>One line of the table: a measure, its anchor from the same run, the ratio and whether the target holds.</summary>
public sealed record Row(string Measure, string Rate, string P50, string P99, string Anchor, string Ratio, string Target, string Met)
{
    public static string PerSecond(Rate r) => r.PerSecond.ToString("N0", CultureInfo.InvariantCulture) + "/s";
    public static string Ms(double ms) => double.IsNaN(ms) ? "—" : ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";
    public static string X(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio) ? "—" : ratio.ToString("0.00", CultureInfo.InvariantCulture);
    public static string Yes(bool met) => met ? "yes" : "**no**";

    /// <summary>A load figure with its errors (non-2xx, socket errors) named, since a fast error is no success.</summary>
    public static string WithErrors(Rate r) => r.Errors > 0 ? $"{PerSecond(r)} ({r.Errors} errors)" : PerSecond(r);
}

/// <summary>The table in Markdown, printed and written to bench/results/latest.md.</summary>
public sealed class Table(string title)
{
    private readonly List<Row> _rows = [];
    public List<string> Notes { get; } = [];

    public void Add(Row row)
    {
        _rows.Add(row);
        Console.WriteLine($"  {row.Measure}: {row.Rate} p50 {row.P50} p99 {row.P99} | {row.Anchor} | {row.Ratio} | {row.Target} | {row.Met}");
    }

    public void Failed(string measure, Exception e)
    {
        Add(new Row(measure, "failed", "—", "—", "—", "—", "—", "**no**"));
        Notes.Add($"{measure}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        Console.WriteLine($"  {measure} failed: {e}");
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder($"### {title}\n\n| measure | rate | p50 | p99 | anchor (same run) | ratio | target | met? |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var r in _rows) text.Append($"| {r.Measure} | {r.Rate} | {r.P50} | {r.P99} | {r.Anchor} | {r.Ratio} | {r.Target} | {r.Met} |\n");
        foreach (var note in Notes) text.Append($"\n- {note}");
        return text.Append('\n').ToString();
    }
}
