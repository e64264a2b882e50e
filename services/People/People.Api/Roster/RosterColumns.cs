using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Roster;

/// <summary>
/// 人员名册的列: the headers offices keep, in the order an export writes them. Import takes them in any order and
/// ignores other columns; the seven office columns are required, 类别 and 专长 optional (absent = left as they are).
/// </summary>
public static class RosterColumns
{
    public const string Name = "姓名", Gender = "性别", Unit = "单位", Sector = "界别", Committee = "专委会", Title = "职务", Phone = "手机",
        Kinds = "类别", Expertise = "专长";

    public static readonly string[] Required = [Name, Gender, Unit, Sector, Committee, Title, Phone];
    public static readonly string[] Optional = [Kinds, Expertise];
    public static readonly string[] All = [.. Required, .. Optional];

    /// <summary>类别 as offices write it → <see cref="PersonKinds"/>; export writes <see cref="PersonKinds.Names"/>.</summary>
    public static readonly IReadOnlyDictionary<string, string> KindsByName = new Dictionary<string, string>
    {
        ["委员"] = PersonKinds.Member,
        ["会员"] = PersonKinds.PartyMember,
        ["盟员"] = PersonKinds.PartyMember,
        ["会员/盟员"] = PersonKinds.PartyMember,
        ["特邀信息员"] = PersonKinds.SpecialOfficer,
        ["特约信息员"] = PersonKinds.SpecialOfficer,
        ["机关干部"] = PersonKinds.Staff,
    };

    /// <summary>Several values in one cell (界别, 专委会, 类别, 专长): 、 or a comma (half or full width) or a semicolon.</summary>
    public static string[] SplitList(string? cell) => string.IsNullOrWhiteSpace(cell)
        ? []
        : [.. cell.Split(['、', ',', '，', ';', '；'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct()];

    /// <summary>How a list is written back in one cell.</summary>
    public static string JoinList(IEnumerable<string> values) => string.Join('、', values);

    /// <summary>A header as typed: surrounding (full-width) spaces dropped.</summary>
    public static string NormalizeHeader(string? header) => (header ?? "").Trim().Trim('\u3000').Trim();
}
