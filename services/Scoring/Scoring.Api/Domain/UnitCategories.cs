namespace SheqingMinyi.Scoring.Domain;

/// <summary>
/// 单位类型 as scoring assesses them (分类考核): the people service's unit type ids (UnitCreated/UnitChanged.Category)
/// with the names a bulletin prints. An id scoring does not know prints as itself; a unit the directory does not
/// know yet is 未分类.
/// </summary>
public static class UnitCategories
{
    public const string SpecialCommittee = "special-committee";
    public const string Unknown = "";

    private static readonly Dictionary<string, string> Names = new()
    {
        [SpecialCommittee] = "专委会",
        ["sector"] = "界别",
        ["member-group"] = "委员组",
        ["district-committee"] = "区委会",
        ["grassroots-organisation"] = "市直基层组织",
        ["reporting-point"] = "报送点",
        ["professional-group"] = "专业小组",
        ["office-department"] = "机关处室",
        [Unknown] = "未分类",
    };

    public static string NameOf(string? category) => Names.GetValueOrDefault(category ?? Unknown, category ?? "未分类");
}
