using SheqingMinyi.Review.Domain.Feedback.Proofs;
using SkiaSharp;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// The proofs' font: Noto CJK maps radicals such as ⽤ (U+2F64) to the glyph of 用 (U+7528), so a PDF's ToUnicode map
/// (built from the lowest code point of each glyph) said ⽤. The copy the proofs use no longer maps those radicals,
/// keeps every other character on its glyph, and keeps radicals that have a glyph of their own.
/// </summary>
public sealed class ProofFontTests
{
    private static readonly ProofOptions Options = new();

    private static ushort Glyph(SKTypeface face, string text) => Assert.Single(face.GetGlyphs(text));

    [Fact]
    public void The_proof_font_maps_no_look_alike_radical_and_every_character_as_before()
    {
        var original = File.ReadAllBytes(Options.FontPath);
        using var before = SKTypeface.FromData(SKData.CreateCopy(original), Options.FontIndex);
        using var after = SKTypeface.FromData(SKData.CreateCopy(ProofFont.WithoutLookAlikeRadicals(original, Options.FontIndex)), Options.FontIndex);

        // The cause: the radical and the ideograph share one glyph in the font as installed.
        Assert.Equal(Glyph(before, "用"), Glyph(before, "⽤"));
        Assert.Equal(Glyph(before, "民"), Glyph(before, "⺠"));
        // The copy: the look-alikes map to nothing, the characters to the same glyphs as before.
        Assert.Equal(0, Glyph(after, "⽤"));
        Assert.Equal(0, Glyph(after, "⺠"));
        foreach (var text in new[] { "用", "民", "采", "证", "明", "龙", "A", "１", "：", "《", "〇", "𠀀" })
            Assert.Equal(Glyph(before, text), Glyph(after, text));
        Assert.Equal(before.GlyphCount, after.GlyphCount);
    }

    [Fact]
    public void A_font_without_a_full_unicode_cmap_is_left_as_it_is()
    {
        var notAFont = "not a font, just bytes of text"u8.ToArray();
        Assert.Same(notAFont, ProofFont.WithoutLookAlikeRadicals(notAFont, 0));
    }
}
