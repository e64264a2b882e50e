using SheqingMinyi.Intake.Domain;

namespace SheqingMinyi.Intake.Tests.Domain;

/// <summary>The character-level diff of two versions' texts: segments in reading order, and the counts.</summary>
public sealed class TextDiffTests
{
    private static (DiffOp, string)[] Segments(TextComparison c) => [.. c.Segments.Select(s => (s.Op, s.Text))];

    /// <summary>Applying the segments gives back both texts: equal+delete is the older one, equal+insert the newer.</summary>
    private static void AssertRebuilds(string older, string newer, TextComparison c)
    {
        Assert.Equal(older, string.Concat(c.Segments.Where(s => s.Op != DiffOp.Insert).Select(s => s.Text)));
        Assert.Equal(newer, string.Concat(c.Segments.Where(s => s.Op != DiffOp.Delete).Select(s => s.Text)));
    }

    [Fact]
    public void An_insertion_in_the_middle_of_a_chinese_sentence_is_only_the_inserted_characters()
    {
        var c = TextDiff.Compare("建议加强社区养老服务", "建议进一步加强社区养老服务");

        Assert.Equal([(DiffOp.Equal, "建议"), (DiffOp.Insert, "进一步"), (DiffOp.Equal, "加强社区养老服务")], Segments(c));
        Assert.Equal((3, 0), (c.Inserted, c.Deleted));
    }

    [Fact]
    public void A_deletion_is_only_the_deleted_characters()
    {
        var c = TextDiff.Compare("我区老龄化程度不断加深，养老需求日益增长。", "我区老龄化程度加深，养老需求增长。");

        Assert.Equal([(DiffOp.Equal, "我区老龄化程度"), (DiffOp.Delete, "不断"), (DiffOp.Equal, "加深，养老需求"), (DiffOp.Delete, "日益"),
            (DiffOp.Equal, "增长。")], Segments(c));
        Assert.Equal((0, 4), (c.Inserted, c.Deleted));
    }

    [Fact]
    public void A_replacement_is_a_deletion_then_an_insertion()
    {
        var c = TextDiff.Compare("关于加装电梯的建议", "关于加装电梯的意见");

        Assert.Equal([(DiffOp.Equal, "关于加装电梯的"), (DiffOp.Delete, "建议"), (DiffOp.Insert, "意见")], Segments(c));
        Assert.Equal((2, 2), (c.Inserted, c.Deleted));
    }

    [Fact]
    public void Empty_texts_compare_to_nothing_or_to_the_whole_other_text()
    {
        var none = TextDiff.Compare("", "");
        var added = TextDiff.Compare("", "新增正文");
        var removed = TextDiff.Compare("原有正文", "");

        Assert.Empty(none.Segments);
        Assert.Equal((0, 0), (none.Inserted, none.Deleted));
        Assert.Equal([(DiffOp.Insert, "新增正文")], Segments(added));
        Assert.Equal((4, 0), (added.Inserted, added.Deleted));
        Assert.Equal([(DiffOp.Delete, "原有正文")], Segments(removed));
        Assert.Equal((0, 4), (removed.Inserted, removed.Deleted));
    }

    [Fact]
    public void Equal_texts_are_one_equal_segment_and_nothing_changed()
    {
        var c = TextDiff.Compare("同一段文字。", "同一段文字。");

        Assert.Equal([(DiffOp.Equal, "同一段文字。")], Segments(c));
        Assert.Equal((0, 0), (c.Inserted, c.Deleted));
    }

    [Fact]
    public void A_character_outside_the_basic_plane_is_never_split_and_counts_once()
    {
        // 𠮷 is a surrogate pair in UTF-16; a split would give half characters that are not text.
        var c = TextDiff.Compare("吉野家的𠮷字", "𠮷野家的吉字");

        AssertRebuilds("吉野家的𠮷字", "𠮷野家的吉字", c);
        Assert.All(c.Segments, s => Assert.False(char.IsLowSurrogate(s.Text[0]) || char.IsHighSurrogate(s.Text[^1])));
        Assert.Equal((2, 2), (c.Inserted, c.Deleted));
    }

    [Fact]
    public void Mixed_chinese_and_latin_text_with_several_changes_rebuilds_both_sides()
    {
        const string older = "2026年第3季度，我区GDP增长5.2%。\n下一步建议：一是加强监管；二是完善机制。";
        const string newer = "2026年第三季度，全区GDP同比增长5.4%。\n下一步建议：一是加强监管；二是健全机制；三是强化考核。";

        var c = TextDiff.Compare(older, newer);

        AssertRebuilds(older, newer, c);
        Assert.Equal(c.Segments.Where(s => s.Op == DiffOp.Insert).Sum(s => TextDiff.Length(s.Text)), c.Inserted);
        Assert.Equal(c.Segments.Where(s => s.Op == DiffOp.Delete).Sum(s => TextDiff.Length(s.Text)), c.Deleted);
        Assert.Contains((DiffOp.Insert, "同比"), Segments(c));
        Assert.Contains((DiffOp.Insert, "；三是强化考核"), Segments(c));
        // Adjacent segments never do the same thing: they are merged.
        Assert.All(c.Segments.Zip(c.Segments.Skip(1)), p => Assert.NotEqual(p.First.Op, p.Second.Op));
    }

    [Fact]
    public void Long_bodies_changed_throughout_are_compared_by_sentences_then_characters_and_quickly()
    {
        // Over the budget after the common start and end: changed sentences are still compared character by character.
        var older = string.Concat(Enumerable.Range(0, 800).Select(i => $"第{i}条意见：完善社区养老服务。"));
        var newer = string.Concat(Enumerable.Range(0, 800).Select(i => i % 100 == 0 ? $"第{i}条建议：完善社区养老服务！" : $"第{i}条意见：完善社区养老服务。"));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var c = TextDiff.Compare(older, newer);

        Assert.True(older.Length > TextDiff.CharacterBudget);
        AssertRebuilds(older, newer, c);
        Assert.Equal((24, 24), (c.Inserted, c.Deleted)); // 意见→建议 (2) and 。→！ (1) in 8 sentences
        Assert.Contains((DiffOp.Delete, "意见"), Segments(c));
        Assert.Contains((DiffOp.Insert, "建议"), Segments(c));
        Assert.InRange(watch.ElapsedMilliseconds, 0, 5_000);
    }

    [Fact]
    public void Two_unrelated_long_bodies_are_compared_within_a_bounded_time()
    {
        var random = new Random(7);
        string Text(string alphabet) => new([.. Enumerable.Range(0, 20_000).Select(_ => alphabet[random.Next(alphabet.Length)])]);
        var older = Text("我们的社区养老服务建议加强，。");
        var newer = Text("关于老旧小区加装电梯问题反映，。");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var c = TextDiff.Compare(older, newer);

        AssertRebuilds(older, newer, c);
        Assert.InRange(watch.ElapsedMilliseconds, 0, 5_000);
    }
}
