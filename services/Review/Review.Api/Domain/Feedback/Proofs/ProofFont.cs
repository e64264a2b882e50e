using System.Buffers.Binary;

namespace SheqingMinyi.Review.Domain.Feedback.Proofs;

/// <summary>
/// Makes a CJK font's text extractable from the PDF. Noto CJK maps many CJK radicals (U+2E80–U+2FDF: ⽤ U+2F64, ⺠
/// U+2EA0) to the very glyph of the ideograph they look like (用 U+7528, 民 U+6C11), and Skia's PDF back end writes each
/// glyph's ToUnicode entry from the lowest code point mapping to it — the radical. So a copy of the face gets a
/// Unicode cmap (one format 12 subtable) without the radicals that share a glyph with another character: each glyph
/// then maps back to the character written. Radicals with a glyph of their own stay. The rest of the font is untouched.
/// </summary>
public static class ProofFont
{
    private const uint RadicalsFirst = 0x2E80, RadicalsLast = 0x2FDF;

    /// <summary>The font file (a single font or a collection) with face <paramref name="faceIndex"/>'s cmap replaced;
    /// the font unchanged when it has no Unicode format 12 subtable or no shared radical.</summary>
    public static byte[] WithoutLookAlikeRadicals(byte[] font, int faceIndex)
    {
        var face = FaceOffset(font, faceIndex);
        if (FindTable(font, face, "cmap") is not { } cmap) return font;
        if (Format12Groups(font, cmap.Offset) is not { } groups) return font;

        var map = new SortedDictionary<uint, uint>();
        foreach (var (start, end, glyph) in groups)
            for (var code = start; code <= end && code >= start; code++) map[code] = glyph + (code - start);
        var sharedByOthers = map.Where(m => !IsRadical(m.Key)).Select(m => m.Value).ToHashSet();
        var dropped = map.Keys.Where(c => IsRadical(c) && sharedByOthers.Contains(map[c])).ToList();
        if (dropped.Count == 0) return font;
        foreach (var code in dropped) map.Remove(code);

        var table = Cmap(Regroup(map));
        var at = (font.Length + 3) & ~3; // tables start on 4-byte boundaries
        var patched = new byte[at + table.Length];
        font.CopyTo(patched, 0);
        table.CopyTo(patched, at);
        // The face's directory record now points at the new table (the other faces of a collection keep theirs).
        BinaryPrimitives.WriteUInt32BigEndian(patched.AsSpan(cmap.Record + 4), Checksum(table));
        BinaryPrimitives.WriteUInt32BigEndian(patched.AsSpan(cmap.Record + 8), (uint)at);
        BinaryPrimitives.WriteUInt32BigEndian(patched.AsSpan(cmap.Record + 12), (uint)table.Length);
        return patched;
    }

    private static bool IsRadical(uint code) => code is >= RadicalsFirst and <= RadicalsLast;

    private static int FaceOffset(byte[] font, int faceIndex)
    {
        if (font.Length < 12 || !font.AsSpan(0, 4).SequenceEqual("ttcf"u8)) return 0;
        var faces = (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(8));
        if (faceIndex < 0 || faceIndex >= faces) throw new ArgumentOutOfRangeException(nameof(faceIndex), $"The collection has {faces} faces.");
        return (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(12 + 4 * faceIndex));
    }

    private static (int Record, int Offset)? FindTable(byte[] font, int face, string tag)
    {
        if (face < 0 || face + 12 > font.Length) return null;
        var version = BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(face));
        if (version is not (0x00010000 or 0x4F54544F)) return null; // TrueType or 'OTTO' (CFF) outlines: anything else is no font
        var tables = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(face + 4));
        for (var i = 0; i < tables; i++)
        {
            var record = face + 12 + 16 * i;
            if (record + 16 > font.Length) return null;
            if (System.Text.Encoding.ASCII.GetString(font, record, 4) == tag)
                return (record, (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(record + 8)));
        }
        return null;
    }

    /// <summary>The groups of the Unicode full-repertoire subtable (platform 3 encoding 10, or platform 0 encoding 4).</summary>
    private static List<(uint Start, uint End, uint Glyph)>? Format12Groups(byte[] font, int cmap)
    {
        var subtables = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(cmap + 2));
        for (var i = 0; i < subtables; i++)
        {
            var entry = cmap + 4 + 8 * i;
            var (platform, encoding) = (BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(entry)), BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(entry + 2)));
            var at = cmap + (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(entry + 4));
            if (!((platform == 3 && encoding == 10) || (platform == 0 && encoding == 4)) || BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(at)) != 12)
                continue;
            var count = (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(at + 12));
            var groups = new List<(uint, uint, uint)>(count);
            for (var g = 0; g < count; g++)
            {
                var span = font.AsSpan(at + 16 + 12 * g);
                groups.Add((BinaryPrimitives.ReadUInt32BigEndian(span), BinaryPrimitives.ReadUInt32BigEndian(span[4..]), BinaryPrimitives.ReadUInt32BigEndian(span[8..])));
            }
            return groups;
        }
        return null;
    }

    /// <summary>Runs of consecutive characters on consecutive glyphs, in character order (as format 12 wants).</summary>
    private static List<(uint Start, uint End, uint Glyph)> Regroup(SortedDictionary<uint, uint> map)
    {
        var groups = new List<(uint Start, uint End, uint Glyph)>();
        foreach (var (code, glyph) in map)
            if (groups.Count > 0 && groups[^1] is var last && last.End + 1 == code && last.Glyph + (code - last.Start) == glyph)
                groups[^1] = last with { End = code };
            else
                groups.Add((code, code, glyph));
        return groups;
    }

    /// <summary>A cmap table with one subtable: Windows Unicode full repertoire, format 12.</summary>
    private static byte[] Cmap(List<(uint Start, uint End, uint Glyph)> groups)
    {
        var subtableLength = 16 + 12 * groups.Count;
        var table = new byte[12 + subtableLength];
        var span = table.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], 1); // version 0, one subtable
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], 3); // platform Windows
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], 10); // Unicode full repertoire
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], 12); // the subtable's offset
        BinaryPrimitives.WriteUInt16BigEndian(span[12..], 12); // format 12
        BinaryPrimitives.WriteUInt32BigEndian(span[16..], (uint)subtableLength);
        BinaryPrimitives.WriteUInt32BigEndian(span[24..], (uint)groups.Count);
        for (var g = 0; g < groups.Count; g++)
        {
            var at = span[(28 + 12 * g)..];
            BinaryPrimitives.WriteUInt32BigEndian(at, groups[g].Start);
            BinaryPrimitives.WriteUInt32BigEndian(at[4..], groups[g].End);
            BinaryPrimitives.WriteUInt32BigEndian(at[8..], groups[g].Glyph);
        }
        return table;
    }

    private static uint Checksum(byte[] table)
    {
        uint sum = 0; // the table's length is a multiple of 4
        for (var i = 0; i < table.Length; i += 4) sum += BinaryPrimitives.ReadUInt32BigEndian(table.AsSpan(i));
        return sum;
    }
}
