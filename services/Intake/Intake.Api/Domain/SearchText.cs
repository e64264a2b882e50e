using System.Text;

namespace SheqingMinyi.Intake.Domain;

/// <summary>
/// The search's view of a text, as the database's search_runs sees it (Data/Sql/SearchSql.cs): NFKC, lower case,
/// runs of CJK ideographs, ASCII letters and digits. Used to check a query and to mark its first hit in a snippet.
/// </summary>
public static class SearchText
{
    public const int MaxQueryLength = 100;
    public const char OpenMark = '【', CloseMark = '】';
    private const int Before = 20, After = 50;

    public static bool IsSearchable(char c) =>
        c is >= '0' and <= '9' or >= 'a' and <= 'z' or >= '\u3400' and <= '\u4dbf' or >= '\u4e00' and <= '\u9fff' or >= '\uf900' and <= '\ufaff';

    /// <summary>The runs of <paramref name="text"/>, longest first.</summary>
    public static IReadOnlyList<string> Runs(string text)
    {
        var runs = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC).ToLowerInvariant())
        {
            if (IsSearchable(c)) current.Append(c);
            else if (current.Length > 0) { runs.Add(current.ToString()); current.Clear(); }
        }
        if (current.Length > 0) runs.Add(current.ToString());
        return [.. runs.Distinct().OrderByDescending(r => r.Length)];
    }

    /// <summary>
    /// A short piece of the body around the first place a run of the query occurs in it (else a pair of characters
    /// of the query, else the title's), that place marked 【】; "…" where the text was cut. Whitespace is collapsed.
    /// </summary>
    public static string Snippet(string query, string title, string body)
    {
        var runs = Runs(query);
        var text = Collapse(body);
        if (FirstHit(text, runs) is not { } hit)
        {
            text = Collapse(title);
            hit = FirstHit(text, runs) ?? (0, 0);
        }
        var start = Math.Max(0, hit.Index - Before);
        var end = Math.Min(text.Length, hit.Index + hit.Length + After);
        var snippet = new StringBuilder();
        if (start > 0) snippet.Append('…');
        snippet.Append(text, start, hit.Index - start);
        if (hit.Length > 0) snippet.Append(OpenMark).Append(text, hit.Index, hit.Length).Append(CloseMark);
        snippet.Append(text, hit.Index + hit.Length, end - hit.Index - hit.Length);
        if (end < text.Length) snippet.Append('…');
        return snippet.ToString();
    }

    /// <summary>The earliest occurrence of a whole run (the longest at that place); failing that, of any pair of one.</summary>
    private static (int Index, int Length)? FirstHit(string text, IReadOnlyList<string> runs)
    {
        return Earliest(runs) ?? Earliest([.. runs.SelectMany(r => Enumerable.Range(0, Math.Max(0, r.Length - 1)).Select(i => r.Substring(i, 2)))]);

        (int, int)? Earliest(IReadOnlyList<string> needles)
        {
            (int Index, int Length)? best = null;
            foreach (var needle in needles)
            {
                var at = text.IndexOf(needle, StringComparison.OrdinalIgnoreCase);
                if (at >= 0 && (best is null || at < best.Value.Index)) best = (at, needle.Length);
            }
            return best;
        }
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
