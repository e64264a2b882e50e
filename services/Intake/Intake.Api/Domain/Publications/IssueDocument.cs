using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace SheqingMinyi.Intake.Domain.Publications;

/// <summary>One item as the printed issue shows it.</summary>
public sealed record IssueDocumentItem(int Order, string Title, string Body, IReadOnlyList<string> Authors, string? Unit);

/// <summary>
/// 刊期的 Word 文档: the issue's title and date, a table of contents, then each item (title, body, authors and unit),
/// in the fonts an office prints with (方正小标宋 is rarely installed: 宋体 for titles, 仿宋 for text). Fonts are set on
/// every run for East Asian text too, so Word does not fall back to a Latin font for Chinese.
/// </summary>
public static class IssueDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string TitleFont = "宋体", TextFont = "仿宋", LatinFont = "Times New Roman";

    public static byte[] Render(string title, DateOnly date, IReadOnlyList<IssueDocumentItem> items)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(Paragraph(title, TitleFont, 44, bold: true, JustificationValues.Center));
            body.Append(Paragraph(date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture), TextFont, 32, bold: false, JustificationValues.Center));
            body.Append(Paragraph("目　录", TitleFont, 32, bold: true, JustificationValues.Center));
            foreach (var item in items)
                body.Append(Paragraph($"{item.Order}. {item.Title}", TextFont, 32, bold: false, JustificationValues.Left));
            foreach (var item in items)
            {
                body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));
                body.Append(Paragraph(item.Title, TitleFont, 36, bold: true, JustificationValues.Center));
                foreach (var line in item.Body.Replace("\r\n", "\n").Split('\n'))
                    body.Append(Paragraph(line, TextFont, 32, bold: false, JustificationValues.Both, firstLineIndent: true));
                body.Append(Paragraph(Byline(item), TextFont, 32, bold: false, JustificationValues.Right));
            }
            // A4 with the margins of official documents (上 37mm, 下 35mm, 左 28mm, 右 26mm).
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>（作者：张明、李华　单位：经济委员会）</summary>
    public static string Byline(IssueDocumentItem item)
    {
        var authors = item.Authors.Count > 0 ? string.Join("、", item.Authors) : "—";
        return item.Unit is { Length: > 0 } unit ? $"（作者：{authors}　单位：{unit}）" : $"（作者：{authors}）";
    }

    private static Paragraph Paragraph(string text, string font, int halfPoints, bool bold, JustificationValues justification, bool firstLineIndent = false)
    {
        var properties = new ParagraphProperties(new Justification { Val = justification });
        // Two characters' indent (2 × the font size, in twentieths of a point) for body paragraphs.
        if (firstLineIndent) properties.Append(new Indentation { FirstLine = (halfPoints * 20).ToString(CultureInfo.InvariantCulture) });
        // Children in the schema's order: rFonts, b, sz, szCs, lang.
        var run = new RunProperties(new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, EastAsia = font, Hint = FontTypeHintValues.EastAsia });
        if (bold) run.Append(new Bold());
        run.Append(
            new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) },
            new FontSizeComplexScript { Val = halfPoints.ToString(CultureInfo.InvariantCulture) },
            new Languages { EastAsia = "zh-CN" });
        return new Paragraph(properties, new Run(run, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
