using SheqingMinyi.Scoring.Exports;

namespace SheqingMinyi.Scoring.Bulletins;

/// <summary>
/// A bulletin as an XLSX for meetings: one sheet per part (汇总, 单位情况, 专委会情况, 个人积分排名, 亮点), Chinese
/// headers, widths that fit Chinese names (a CJK character is about two Latin ones wide), the header row frozen.
/// </summary>
public static class BulletinExport
{
    public const string ContentType = Workbook.ContentType;
    public const string SummarySheet = "汇总", UnitsSheet = "单位情况", CommitteesSheet = "专委会情况", PersonsSheet = "个人积分排名", HighlightsSheet = "亮点";

    // Column widths by header (in Excel's character units).
    private static readonly Dictionary<string, int> Widths = new()
    {
        ["项目"] = 24, ["数值"] = 14, ["排名"] = 8, ["单位"] = 28, ["类型"] = 14, ["报送"] = 8, ["本级采用"] = 10, ["上级采用"] = 10,
        ["全国政协采用"] = 14, ["党派中央采用"] = 14, ["采用篇数"] = 10, ["批示"] = 8, ["采用率"] = 10, ["积分"] = 10, ["人数"] = 8,
        ["人均报送"] = 10, ["人均采用"] = 10, ["姓名"] = 16, ["标题"] = 48, ["作者"] = 24, ["情况"] = 36,
    };

    public static byte[] Xlsx(BulletinContent c)
    {
        var sheets = new Dictionary<string, List<Dictionary<string, object?>>>
        {
            [SummarySheet] = Summary(c),
            [UnitsSheet] = Units(c.Units, c.NormalisedByUnitSize),
            [CommitteesSheet] = Units(c.SpecialCommittees, c.NormalisedByUnitSize),
            [PersonsSheet] = [.. c.TopPersons.Select(p => new Dictionary<string, object?> { ["排名"] = p.Rank, ["姓名"] = p.Name ?? "", ["积分"] = p.Points })],
            [HighlightsSheet] = [.. c.Highlights.Select(h => new Dictionary<string, object?>
            {
                ["标题"] = h.Title ?? "", ["单位"] = h.UnitName ?? "", ["作者"] = string.Join("、", h.Authors), ["情况"] = string.Join("；", h.Recognitions),
            })],
        };
        return Workbook.Xlsx(sheets, Widths);
    }

    private static List<Dictionary<string, object?>> Summary(BulletinContent c) =>
    [
        Row("通报", c.Title), Row("报送", c.Totals.Submitted), Row("本级采用", c.Totals.AdoptedOwnBody), Row("上级采用", c.Totals.AdoptedParentBody),
        Row("全国政协采用", c.Totals.AdoptedNational), Row("党派中央采用", c.Totals.AdoptedPartyCentre), Row("采用篇数", c.Totals.AdoptedItems),
        Row("批示", c.Totals.Instructions), Row("采用率", c.Totals.AdoptionRate), Row("任务应完成人数", c.Quota.Persons),
        Row("任务已完成人数", c.Quota.PersonsMet), Row("任务完成率", c.Quota.Rate),
        .. c.NormalisedByUnitSize ? new[] { Row("人均口径", c.UnitSizeBasis ?? BulletinContent.MembersOnRoll) } : [],
    ];

    private static Dictionary<string, object?> Row(string item, object value) => new() { ["项目"] = item, ["数值"] = value };

    private static List<Dictionary<string, object?>> Units(IReadOnlyList<BulletinUnitRow> rows, bool normalised) => [.. rows.Select(u =>
    {
        var row = new Dictionary<string, object?>
        {
            ["排名"] = u.Rank, ["单位"] = u.Name, ["类型"] = u.CategoryName, ["报送"] = u.Counts.Submitted, ["本级采用"] = u.Counts.AdoptedOwnBody,
            ["上级采用"] = u.Counts.AdoptedParentBody, ["全国政协采用"] = u.Counts.AdoptedNational, ["党派中央采用"] = u.Counts.AdoptedPartyCentre,
            ["采用篇数"] = u.Counts.AdoptedItems, ["批示"] = u.Counts.Instructions, ["采用率"] = u.Counts.AdoptionRate, ["积分"] = u.Points,
        };
        if (normalised)
        {
            row["人数"] = u.Members ?? 0;
            row["人均报送"] = u.SubmittedPerMember ?? 0;
            row["人均采用"] = u.AdoptedPerMember ?? 0;
        }
        return row;
    })];
}
