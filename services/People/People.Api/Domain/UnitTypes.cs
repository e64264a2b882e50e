namespace SheqingMinyi.People.Domain;

/// <summary>单位类型: the kinds of unit a body keeps. A unit's type drives assessment by category in scoring.</summary>
public static class UnitTypes
{
    public const string SpecialCommittee = "special-committee";          // 专委会
    public const string Sector = "sector";                               // 界别
    public const string MemberGroup = "member-group";                    // 委员组
    public const string DistrictCommittee = "district-committee";        // 区委会 / 区县组织
    public const string GrassrootsOrganisation = "grassroots-organisation"; // 市直基层组织
    public const string ReportingPoint = "reporting-point";              // 报送点 / 信息站
    public const string ProfessionalGroup = "professional-group";        // 专业小组
    public const string OfficeDepartment = "office-department";          // 机关处室

    /// <summary>Every type with its Chinese name, in the order offices list them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [SpecialCommittee] = "专委会",
        [Sector] = "界别",
        [MemberGroup] = "委员组",
        [DistrictCommittee] = "区委会",
        [GrassrootsOrganisation] = "市直基层组织",
        [ReportingPoint] = "报送点",
        [ProfessionalGroup] = "专业小组",
        [OfficeDepartment] = "机关处室",
    };

    public static bool IsKnown(string? type) => type is not null && Names.ContainsKey(type);
}
