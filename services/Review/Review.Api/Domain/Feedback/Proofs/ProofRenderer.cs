using Microsoft.Extensions.Options;
using SkiaSharp;

namespace SheqingMinyi.Review.Domain.Feedback.Proofs;

/// <summary><c>Proofs:FontPath</c> (a CJK font file; Debian's fonts-noto-cjk by default) and <c>Proofs:FontIndex</c>, the face in a
/// collection (.ttc; 2 is Simplified Chinese in Noto CJK's).</summary>
public sealed class ProofOptions
{
    public string FontPath { get; set; } = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
    public int FontIndex { get; set; } = 2;
}

/// <summary>The configured font cannot be loaded: no proof is issued in a font without Chinese.</summary>
public sealed class ProofFontMissingException(string path) : Exception($"The proof font '{path}' cannot be loaded (install fonts-noto-cjk or set Proofs:FontPath).");

/// <summary>
/// Renders a proof as a one-page A4 PDF with Skia's PDF back end, which embeds a subset of the CJK font (OpenType with
/// CFF outlines, which PDFsharp cannot embed) and its ToUnicode map, so the text copied or extracted from the PDF is the
/// Chinese written. The identifiers also go into the document's metadata.
/// </summary>
public sealed class ProofRenderer(IOptions<ProofOptions> options)
{
    private const float Width = 595, Height = 842, Margin = 72; // A4 in points, 2.5 cm margins
    private readonly Lazy<SKTypeface?> _typeface = new(() => Load(options.Value));

    /// <summary>The face, with a cmap that maps each glyph back to the character written (see <see cref="ProofFont"/>).</summary>
    private static SKTypeface? Load(ProofOptions options)
    {
        if (!File.Exists(options.FontPath)) return null;
        var font = ProofFont.WithoutLookAlikeRadicals(File.ReadAllBytes(options.FontPath), options.FontIndex);
        using var data = SKData.CreateCopy(font);
        return SKTypeface.FromData(data, options.FontIndex);
    }

    public byte[] Render(ProofDocument proof)
    {
        var typeface = _typeface.Value ?? throw new ProofFontMissingException(options.Value.FontPath);
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = $"{proof.Heading} {proof.ProofNumber}",
            Subject = $"submission {proof.SubmissionId}",
            Keywords = $"{proof.ProofNumber} {proof.SubmissionId}",
            Author = proof.IssuedBy,
            Creator = "SheqingMinyi review",
            Producer = "SheqingMinyi review",
            Creation = proof.IssuedOn.ToDateTime(TimeOnly.MinValue),
            Modified = proof.IssuedOn.ToDateTime(TimeOnly.MinValue),
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = document.BeginPage(Width, Height);
            using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var heading = new SKFont(typeface, 26);
            using var body = new SKFont(typeface, 14);
            using var small = new SKFont(typeface, 11);
            var y = Margin + 40;
            canvas.DrawText(proof.Heading, Width / 2, y, SKTextAlign.Center, heading, ink);
            y += 56;
            foreach (var paragraph in proof.Paragraphs)
            {
                y = DrawWrapped(canvas, "　　" + paragraph, body, ink, y, lineHeight: 26);
                y += 8;
            }
            y += 12;
            foreach (var (label, value) in proof.Facts)
                y = DrawWrapped(canvas, $"{label}：{value}", body, ink, y, lineHeight: 24);
            y = Math.Max(y + 48, Height - Margin - 120);
            canvas.DrawText(proof.IssuedBy, Width - Margin, y, SKTextAlign.Right, body, ink);
            canvas.DrawText($"{proof.IssuedOn:yyyy年M月d日}", Width - Margin, y + 26, SKTextAlign.Right, body, ink);
            canvas.DrawText($"证明编号 {proof.ProofNumber}", Margin, Height - Margin + 20, SKTextAlign.Left, small, ink);
            canvas.DrawText($"信息编号 {proof.SubmissionId}", Margin, Height - Margin + 36, SKTextAlign.Left, small, ink);
            document.EndPage();
            document.Close();
        }
        return stream.ToArray();
    }

    /// <summary>Breaks a line wherever it reaches the margin (Chinese needs no word boundaries; a Latin run may split).</summary>
    private static float DrawWrapped(SKCanvas canvas, string text, SKFont font, SKPaint ink, float y, float lineHeight)
    {
        var maxWidth = Width - 2 * Margin;
        var start = 0;
        while (start < text.Length)
        {
            var end = start + 1;
            while (end < text.Length && font.MeasureText(text.AsSpan(start, end - start + 1)) <= maxWidth) end++;
            canvas.DrawText(text[start..end], Margin, y, SKTextAlign.Left, font, ink);
            y += lineHeight;
            start = end;
        }
        return y;
    }
}

public static class ProofsRegistration
{
    public static IHostApplicationBuilder AddProofs(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ProofOptions>(builder.Configuration.GetSection("Proofs"));
        builder.Services.AddSingleton<ProofRenderer>();
        return builder;
    }
}
