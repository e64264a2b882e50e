namespace SheqingMinyi.People.Domain;

/// <summary>人员类别: what a person is to the body; a person may be several at once (a member who is also an officer).</summary>
public static class PersonKinds
{
    public const string Member = "member";                 // 委员
    public const string PartyMember = "party-member";      // 会员 / 盟员
    public const string SpecialOfficer = "special-officer"; // 特邀 / 特约信息员 (by appointment)
    public const string Staff = "staff";                   // 机关干部

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [Member] = "委员",
        [PartyMember] = "会员/盟员",
        [SpecialOfficer] = "特邀信息员",
        [Staff] = "机关干部",
    };

    public static bool IsKnown(string? kind) => kind is not null && Names.ContainsKey(kind);
}
