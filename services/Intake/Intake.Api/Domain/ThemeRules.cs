using SheqingMinyi.BuildingBlocks.Http;

namespace SheqingMinyi.Intake.Domain;

/// <summary>The shape of an item's theme tags: at most ten, each 1–20 characters, no repeats.</summary>
public static class ThemeRules
{
    public const int MaxLength = 20;

    public static Validator Check(Validator validator, string field, IReadOnlyList<string>? themes)
    {
        if (themes is null) return validator;
        var trimmed = themes.Select(t => t?.Trim() ?? "").ToList();
        return validator
            .Check(trimmed.Count <= Submission.MaxThemes, field, $"主题最多 {Submission.MaxThemes} 个")
            .Check(trimmed.All(t => t.Length is > 0 and <= MaxLength), field, $"每个主题 1–{MaxLength} 个字")
            .Check(trimmed.Distinct().Count() == trimmed.Count, field, "主题不能重复");
    }
}
