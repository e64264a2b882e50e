using System.Buffers;
using System.Globalization;
using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;

namespace SheqingMinyi.Intake.Domain;

/// <summary>What a diff segment does to the older text.</summary>
public enum DiffOp
{
    Equal,
    Insert,
    Delete,
}

/// <summary>A run of characters kept, inserted or deleted.</summary>
public sealed record DiffSegment(DiffOp Op, string Text);

/// <summary>A comparison of two texts: the segments in reading order, and how many characters were inserted and deleted.</summary>
public sealed record TextComparison(IReadOnlyList<DiffSegment> Segments, int Inserted, int Deleted);

/// <summary>
/// Character-level diff (DiffPlex, Myers) for Chinese text, which has no spaces between words: a word or line diff
/// would mark whole sentences changed. Characters are what a reader sees (text elements), so a character outside the
/// BMP (𠮷) or a combined one is never split, and the counts are the characters people count.
/// Myers costs (N+M)·D, seconds for two unrelated 20 000-character bodies; so beyond <see cref="CharacterBudget"/>
/// characters (after the common start and end) the texts are first compared by sentences, and only the changed
/// runs of sentences by characters (by clauses first if still over the budget; a run of one long clause over it is
/// shown deleted and inserted whole).
/// </summary>
public static class TextDiff
{
    /// <summary>Changed characters (both sides) compared one by one at most: about 0.2 s in the worst case.</summary>
    public const int CharacterBudget = 6_000;

    public static TextComparison Compare(string older, string newer)
    {
        var segments = new List<DiffSegment>();
        if (older != newer)
        {
            var a = TextElementChunker.Instance.Chunk(older);
            var b = TextElementChunker.Instance.Chunk(newer);
            var prefix = 0;
            while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix]) prefix++;
            var suffix = 0;
            while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;
            Append(segments, DiffOp.Equal, a, 0, prefix);
            CompareMiddle(segments, Join(a, prefix, a.Count - prefix - suffix), Join(b, prefix, b.Count - prefix - suffix),
                a.Count + b.Count - 2 * (prefix + suffix));
            Append(segments, DiffOp.Equal, a, a.Count - suffix, suffix);
        }
        else if (older.Length > 0) segments.Add(new DiffSegment(DiffOp.Equal, older));
        return new(segments, Count(segments, DiffOp.Insert), Count(segments, DiffOp.Delete));
    }

    /// <summary>The characters of a text as a reader counts them.</summary>
    public static int Length(string text) => new StringInfo(text).LengthInTextElements;

    /// <summary>Coarser pieces to try, in order, when a changed run is over the budget: sentences, then clauses.</summary>
    private static readonly IChunker[] Coarser = [new PunctuationChunker("。！？；…!?;\n"), new PunctuationChunker("，、：,:")];

    private static void CompareMiddle(List<DiffSegment> segments, string older, string newer, int characters)
    {
        if (characters <= CharacterBudget) Blocks(segments, older, newer, TextElementChunker.Instance, coarser: Coarser.Length);
        else Blocks(segments, older, newer, Coarser[0], coarser: 1);
    }

    /// <summary>Diffs by <paramref name="chunker"/>'s pieces. When these are coarser than characters, each changed
    /// run of pieces is compared again by characters if it fits the budget, else by the next coarser pieces left
    /// (<see cref="Coarser"/> from <paramref name="coarser"/>), else shown deleted and inserted whole.</summary>
    private static void Blocks(List<DiffSegment> segments, string older, string newer, IChunker chunker, int coarser)
    {
        var result = Differ.Instance.CreateDiffs(older, newer, ignoreWhiteSpace: false, ignoreCase: false, chunker);
        var a = 0;
        foreach (var block in result.DiffBlocks)
        {
            Append(segments, DiffOp.Equal, result.PiecesOld, a, block.DeleteStartA - a);
            var deleted = Join(result.PiecesOld, block.DeleteStartA, block.DeleteCountA);
            var inserted = Join(result.PiecesNew, block.InsertStartB, block.InsertCountB);
            var replaced = chunker != TextElementChunker.Instance && deleted.Length > 0 && inserted.Length > 0;
            if (replaced && Length(deleted) + Length(inserted) <= CharacterBudget)
                Blocks(segments, deleted, inserted, TextElementChunker.Instance, Coarser.Length);
            else if (replaced && coarser < Coarser.Length)
                Blocks(segments, deleted, inserted, Coarser[coarser], coarser + 1);
            else
            {
                Append(segments, DiffOp.Delete, deleted);
                Append(segments, DiffOp.Insert, inserted);
            }
            a = block.DeleteStartA + block.DeleteCountA;
        }
        Append(segments, DiffOp.Equal, result.PiecesOld, a, result.PiecesOld.Count - a);
    }

    private static string Join(IReadOnlyList<string> pieces, int start, int count)
    {
        var text = new StringBuilder();
        for (var i = start; i < start + count; i++) text.Append(pieces[i]);
        return text.ToString();
    }

    private static void Append(List<DiffSegment> segments, DiffOp op, IReadOnlyList<string> pieces, int start, int count) =>
        Append(segments, op, Join(pieces, start, count));

    /// <summary>Adds a segment, joined to the previous one when it does the same.</summary>
    private static void Append(List<DiffSegment> segments, DiffOp op, string text)
    {
        if (text.Length == 0) return;
        if (segments.Count > 0 && segments[^1].Op == op) segments[^1] = segments[^1] with { Text = segments[^1].Text + text };
        else segments.Add(new DiffSegment(op, text));
    }

    private static int Count(List<DiffSegment> segments, DiffOp op) => segments.Where(s => s.Op == op).Sum(s => Length(s.Text));

    /// <summary>Splits into text elements (grapheme clusters), unlike DiffPlex's CharacterChunker, which splits UTF-16 units.</summary>
    private sealed class TextElementChunker : IChunker
    {
        public static readonly TextElementChunker Instance = new();

        public IReadOnlyList<string> Chunk(string text)
        {
            var pieces = new List<string>(text.Length);
            var elements = StringInfo.GetTextElementEnumerator(text);
            while (elements.MoveNext()) pieces.Add(elements.GetTextElement());
            return pieces;
        }
    }

    /// <summary>Splits after each of <paramref name="ends"/> (sentence ends, or clause marks), keeping the mark with its piece.</summary>
    private sealed class PunctuationChunker(string ends) : IChunker
    {
        private readonly SearchValues<char> _ends = SearchValues.Create(ends);

        public IReadOnlyList<string> Chunk(string text)
        {
            var pieces = new List<string>();
            var start = 0;
            while (start < text.Length)
            {
                var end = text.AsSpan(start).IndexOfAny(_ends);
                var length = end < 0 ? text.Length - start : end + 1;
                pieces.Add(text.Substring(start, length));
                start += length;
            }
            return pieces;
        }
    }
}
