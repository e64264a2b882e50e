namespace SheqingMinyi.People.Domain;

/// <summary>
/// What a person's profile may hold, field by field, with the message an office reads. Shared by the profile API
/// and anything else that writes a profile (a roster import), so the two cannot disagree.
/// </summary>
public static class ProfileRules
{
    public const int MaxExpertiseTags = 20;
    public static readonly IReadOnlyList<string> Genders = ["男", "女"];

    /// <summary>The fields that break a rule, each with its Chinese message; empty when the profile is acceptable.</summary>
    public static IEnumerable<(string Field, string Message)> Violations(
        string? gender, string? title, IReadOnlyCollection<string>? expertiseTags, string? phone, string? idNumber)
    {
        if (!string.IsNullOrWhiteSpace(gender) && !Genders.Contains(gender.Trim()))
            yield return ("gender", "性别只能是“男”或“女”");
        if (title is not null && title.Trim().Length > Person.TitleMaxLength)
            yield return ("title", $"职务不能超过 {Person.TitleMaxLength} 个字");
        var tags = expertiseTags ?? [];
        if (tags.Count > MaxExpertiseTags)
            yield return ("expertiseTags", $"专长标签最多 {MaxExpertiseTags} 个");
        if (tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Trim().Length > Person.TagMaxLength))
            yield return ("expertiseTags", $"每个专长标签须为 1 到 {Person.TagMaxLength} 个字");
        if (!string.IsNullOrWhiteSpace(phone) && !PersonalData.IsMobilePhone(phone.Trim()))
            yield return ("phone", "手机号须为 11 位大陆手机号 (1 开头, 第二位 3–9)");
        if (!string.IsNullOrWhiteSpace(idNumber) && !PersonalData.IsIdNumber(idNumber.Trim()))
            yield return ("idNumber", "身份证号须为 18 位, 出生日期有效且校验位正确 (GB 11643)");
    }
}
