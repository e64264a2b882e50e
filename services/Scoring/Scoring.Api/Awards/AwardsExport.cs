using System.Globalization;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Exports;

namespace SheqingMinyi.Scoring.Awards;

/// <summary>A recorded decision as the export prints it: its winners and whether it is the award's decision in force.</summary>
public sealed record ExportedDecision(string Award, DateTimeOffset DecidedAt, string DecidedBy, bool Changed, string? Note,
    IReadOnlyList<(string? Name, string? TierName)> Winners, bool InForce);

/// <summary>
/// 评选表彰 and 分类考核 as XLSX for the committee's meeting: a year's candidates and decisions (汇总, 候选名单, 评选结果) and
/// the units' assessment tiers (汇总 by category and tier, then one sheet per unit category).
/// </summary>
public static class AwardsExport
{
    public const string SummarySheet = "汇总", CandidatesSheet = "候选名单", DecisionsSheet = "评选结果";

    private static readonly Dictionary<string, int> Widths = new()
    {
        ["奖项"] = 20, ["候选数"] = 10, ["获奖数"] = 10, ["排名"] = 8, ["名称"] = 40, ["类型"] = 14, ["等次"] = 10, ["积分"] = 10,
        ["获奖者"] = 40, ["是否调整"] = 10, ["说明"] = 48, ["决定人"] = 24, ["决定时间"] = 18, ["现行"] = 8, ["单位"] = 28, ["单位数"] = 10,
    };

    public static byte[] Awards(IReadOnlyList<AwardProposal> proposals, IReadOnlyList<ExportedDecision> decisions) => Workbook.Xlsx(
        new Dictionary<string, List<Dictionary<string, object?>>>
        {
            [SummarySheet] = [.. proposals.Select(p => new Dictionary<string, object?>
            {
                ["奖项"] = p.Name, ["候选数"] = p.Candidates.Count,
                ["获奖数"] = decisions.FirstOrDefault(d => d.InForce && d.Award == p.Award)?.Winners.Count ?? 0,
            })],
            [CandidatesSheet] = [.. proposals.SelectMany(p => p.Candidates.Select(c => new Dictionary<string, object?>
            {
                ["奖项"] = p.Name, ["排名"] = c.Rank, ["名称"] = c.Name ?? "", ["类型"] = c.Category is null ? "" : UnitCategories.NameOf(c.Category),
                ["等次"] = c.TierName ?? "", ["积分"] = c.Points,
            }))],
            [DecisionsSheet] = [.. decisions.SelectMany(d => d.Winners.Select(w => new Dictionary<string, object?>
            {
                ["奖项"] = AwardCriteria.NameOf(d.Award), ["获奖者"] = w.Name ?? "", ["等次"] = w.TierName ?? "", ["是否调整"] = d.Changed ? "是" : "否",
                ["说明"] = d.Note ?? "", ["决定人"] = d.DecidedBy, ["决定时间"] = Beijing(d.DecidedAt), ["现行"] = d.InForce ? "是" : "否",
            }))],
        }, Widths);

    /// <summary>汇总 counts the units of each category in each tier (best first, 不合格 last); then a sheet per category.</summary>
    public static byte[] Assessments(AwardCriteria criteria, IReadOnlyList<UnitAssessment> units)
    {
        var sheets = new Dictionary<string, List<Dictionary<string, object?>>>
        {
            [SummarySheet] = [.. criteria.Assessments.SelectMany(a => a.Tiers.Select(t => t.Name).Append(AwardCandidates.Unassessed).Distinct()
                .Select(tier => new Dictionary<string, object?>
                {
                    ["类型"] = UnitCategories.NameOf(a.Category), ["等次"] = tier,
                    ["单位数"] = units.Count(u => u.Category == a.Category && u.Tier == tier),
                }))],
        };
        foreach (var a in criteria.Assessments)
            sheets.TryAdd(SheetName(UnitCategories.NameOf(a.Category)), [.. units.Where(u => u.Category == a.Category).Select(u => new Dictionary<string, object?>
            {
                ["排名"] = u.Rank, ["单位"] = u.Name, ["积分"] = u.Points, ["等次"] = u.Tier,
            })]);
        return Workbook.Xlsx(sheets, Widths);
    }

    private static string Beijing(DateTimeOffset at) => at.ToOffset(ScoringPeriod.BeijingOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    // Excel's sheet names: at most 31 characters, none of []:*?/\
    private static string SheetName(string name)
    {
        var clean = string.Concat(name.Select(c => "[]:*?/\\".Contains(c) ? '_' : c));
        return clean.Length <= 31 ? clean : clean[..31];
    }
}
