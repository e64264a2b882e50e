namespace SheqingMinyi.Scoring.Rankings;

/// <summary>One place of a ranking: equal points share the rank, the next rank skips (1, 1, 3: "competition ranking").</summary>
public sealed record RankedEntry(long Rank, string Id, string? Name, decimal Points);

public static class CompetitionRanks
{
    /// <summary>Names in the order a Chinese list prints them (pinyin), so a tie reads as an office would list it.</summary>
    public static readonly StringComparer NameOrder = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("zh-CN"), false);

    /// <summary>
    /// Ranks rows by points descending: each row's rank is 1 + the number of rows with more points. Within equal
    /// points rows print by name (pinyin) then id, so a bulletin lists a tie the same way every time.
    /// </summary>
    public static IReadOnlyList<RankedEntry> Of(IEnumerable<(string Id, string? Name, decimal Points)> rows)
    {
        var ordered = rows.OrderByDescending(r => r.Points).ThenBy(r => r.Name ?? "\uffff", NameOrder)
            .ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var ranked = new List<RankedEntry>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && ordered[i].Points == ordered[i - 1].Points ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new RankedEntry(rank, ordered[i].Id, ordered[i].Name, ordered[i].Points));
        }
        return ranked;
    }

    /// <summary>The top <paramref name="top"/> places and everyone tied with the last of them.</summary>
    public static IReadOnlyList<RankedEntry> Top(IReadOnlyList<RankedEntry> ranked, int top) =>
        ranked.Count <= top ? ranked : [.. ranked.TakeWhile((r, i) => i < top || r.Points == ranked[top - 1].Points)];
}
