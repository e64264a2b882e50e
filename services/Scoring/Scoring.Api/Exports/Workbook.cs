using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace SheqingMinyi.Scoring.Exports;

/// <summary>
/// Scoring's XLSX files (bulletins, awards, assessments): named sheets of rows keyed by Chinese header, widths by header
/// that fit Chinese text (a CJK character is about two Latin ones wide), the header row frozen.
/// </summary>
public static class Workbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Xlsx(IReadOnlyDictionary<string, List<Dictionary<string, object?>>> sheets, IReadOnlyDictionary<string, int> widths)
    {
        var configuration = new OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            DynamicColumns = [.. widths.Select(w => new DynamicExcelColumn(w.Key) { Width = w.Value })],
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets.ToDictionary(s => s.Key, s => (object)s.Value), excelType: ExcelType.XLSX, configuration: configuration);
        return stream.ToArray();
    }

    /// <summary>A file name browsers keep (no path or reserved characters).</summary>
    public static string FileName(string title) =>
        string.Concat(title.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '"' or '\\' or '/' ? '_' : c)) + ".xlsx";
}
