using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.Intake.Data;

namespace SheqingMinyi.Intake.Domain;

/// <summary>The shape of an item's theme tags: at most ten, each 1–20 characters, no repeats; each an active tag of the tenant's list.</summary>
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

    /// <summary>
    /// Each theme must be an active tag of the tenant's list (an error per <c>field[i]</c>); a tag the item already
    /// carries (<paramref name="kept"/>) stays acceptable after it was retired, so an edit can send the item's themes back.
    /// </summary>
    public static async Task<Validator> CheckListedAsync(this Validator validator, IntakeDbContext db, string field,
        IReadOnlyList<string>? themes, IReadOnlyList<string>? kept, CancellationToken ct)
    {
        if (themes is null || themes.Count == 0) return validator;
        var names = themes.Select(t => t?.Trim() ?? "").ToList();
        var active = await db.ThemeTags.AsNoTracking().Where(t => t.RetiredAt == null && names.Contains(t.Name)).Select(t => t.Name).ToListAsync(ct);
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i].Length == 0 || active.Contains(names[i]) || kept?.Contains(names[i]) == true) continue;
            validator.Add($"{field}[{i}]", $"“{names[i]}”不在本单位的主题标签中 (unknown or retired theme)");
        }
        return validator;
    }
}
