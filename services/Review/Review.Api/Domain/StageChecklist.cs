namespace SheqingMinyi.Review.Domain;

/// <summary>五关: the five checks a reviewer makes at a stage.</summary>
public enum ChecklistItem { Political, Policy, Facts, Format, Text }

/// <summary>One check's mark: passed or failed (a failure needs its comment), by whom and when.</summary>
public sealed record ChecklistMark(ChecklistItem Item, bool Passed, string? Comment, Guid? MarkedByPersonId, string MarkedBy, DateTimeOffset MarkedAt);

/// <summary>The marks of one stage in one round of a case; kept after the case moves on, as its record.</summary>
public sealed record StageChecklist(string Stage, int Round, IReadOnlyList<ChecklistMark> Checks)
{
    public const int CommentMaxLength = 500;

    public static readonly IReadOnlyDictionary<ChecklistItem, string> Labels = new Dictionary<ChecklistItem, string>
    {
        [ChecklistItem.Political] = "政治关",
        [ChecklistItem.Policy] = "政策关",
        [ChecklistItem.Facts] = "事实关",
        [ChecklistItem.Format] = "格式关",
        [ChecklistItem.Text] = "文字关",
    };

    /// <summary>The latest mark of each item replaces the one before; items not marked again keep theirs.</summary>
    public StageChecklist With(IEnumerable<ChecklistMark> marks)
    {
        var byItem = Checks.ToDictionary(c => c.Item);
        foreach (var mark in marks) byItem[mark.Item] = mark;
        return this with { Checks = [.. byItem.Values.OrderBy(c => c.Item)] };
    }

    /// <summary>All five passed, each marked since the stage (re)started: a case sent back to the stage is checked again.</summary>
    public bool AllPassedSince(DateTimeOffset stageStartedAt) =>
        Enum.GetValues<ChecklistItem>().All(item => Checks.Any(c => c.Item == item && c.Passed && c.MarkedAt >= stageStartedAt));
}
