namespace SheqingMinyi.Scoring.Domain;

/// <summary>
/// What a person is to the body (委员 member, 会员/盟员 party-member, 特约信息员 special-officer, staff) as the people
/// service last announced it: the quotas count by it (每名委员每年至少被采用1篇). Kept beside the shared directory's
/// row, written in the same transaction when the announcement's Version applies, so it follows the same order rules.
/// </summary>
public sealed class PersonKinds
{
    public const string Member = "member";

    public string TenantId { get; set; } = "";
    public Guid PersonId { get; set; }
    public List<string> Kinds { get; set; } = [];

    /// <summary>An announcement without kinds (from producers before kinds were sent): a member role makes a member.</summary>
    public static List<string> Of(IReadOnlyList<string> roles, IReadOnlyList<string>? kinds) =>
        kinds is not null ? [.. kinds.Distinct()] : roles.Contains(Member) ? [Member] : [];
}
