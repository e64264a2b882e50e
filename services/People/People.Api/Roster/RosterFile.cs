using System.Globalization;
using System.Text;
using CsvHelper;
using MiniExcelLibs;

namespace SheqingMinyi.People.Roster;

/// <summary>One data row of a roster: its line as the office sees it in Excel (header = line 1) and its cells by header.</summary>
public sealed record RosterLine(int Line, IReadOnlyDictionary<string, string?> Cells)
{
    public string? this[string column] => Cells.TryGetValue(column, out var value) ? value : null;
    public bool Has(string column) => Cells.ContainsKey(column);
}

/// <summary>Why a file as a whole cannot be used (not a row's fault): answered 400 or 413 before any row is looked at.</summary>
public sealed record RosterFileError(int Status, string Code, string Title, string Detail, IReadOnlyList<string>? MissingColumns = null);

/// <summary>A roster read from XLSX or CSV: the columns it has and its non-blank data rows.</summary>
public sealed record RosterTable(IReadOnlySet<string> Columns, IReadOnlyList<RosterLine> Lines, string Format);

/// <summary>
/// Reads a roster upload. The type comes from the content, never the name: a zip (PK\3\4) is XLSX (MiniExcel),
/// text is CSV (CsvHelper). CSV encoding: a UTF-8 BOM or bytes that are valid UTF-8 mean UTF-8, anything else is
/// read as GB18030 (a superset of GBK and GB2312, what Excel saves "CSV" as on Chinese Windows); <c>?encoding=</c>
/// utf-8 or gbk/gb18030 forces one. The header row is the first row (of the first ten) that has a 姓名 cell, so a
/// title row above the table is fine.
/// </summary>
public static class RosterFile
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 5_000;
    private const int HeaderSearchRows = 10;

    static RosterFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static (RosterTable? Table, RosterFileError? Error) Read(byte[] content, string? encoding)
    {
        if (content.Length == 0) return (null, Bad("roster-empty", "文件为空", "The uploaded file is empty."));
        if (content.Length > MaxBytes) return (null, TooLarge(content.Length));
        if (StartsWith(content, 0x50, 0x4B, 0x03, 0x04)) return ReadXlsx(content);
        if (StartsWith(content, 0xD0, 0xCF, 0x11, 0xE0))
            return (null, Bad("roster-type", "不支持旧版 Excel (.xls) 文件，请另存为 .xlsx 或 .csv 后上传", "Legacy .xls (OLE) files are not read."));
        if (content.AsSpan(0, Math.Min(content.Length, 8192)).Contains((byte)0))
            return (null, Bad("roster-type", "不支持的文件类型，请上传 .xlsx 或 .csv 文件", "The content is neither a zip (xlsx) nor text (csv)."));
        return ReadCsv(content, encoding);
    }

    private static (RosterTable?, RosterFileError?) ReadXlsx(byte[] content)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            var rows = MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>()
                .Select(row => row.Values.Select(Cell).ToArray());
            return Tabulate(rows, "xlsx");
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return (null, Bad("roster-unreadable", "无法读取 Excel 文件，请确认是有效的 .xlsx 文件", error.Message));
        }
    }

    private static (RosterTable?, RosterFileError?) ReadCsv(byte[] content, string? requested)
    {
        var (text, error) = Decode(content, requested);
        if (error is not null) return (null, error);
        // Comma-separated (Excel's "CSV (逗号分隔)"); empty lines kept so the line numbers stay Excel's.
        var options = new CsvReaderOptions { HasHeader = false, Separator = ',', SkipEmptyLines = false };
        try
        {
            using var reader = CsvReader.FromText(text!, options);
            return Tabulate(Records(reader), "csv");
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            return (null, Bad("roster-unreadable", "无法读取 CSV 文件", failure.Message));
        }

        static IEnumerable<string?[]> Records(CsvReader reader)
        {
            while (reader.Read())
            {
                var cells = new string?[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++) cells[i] = reader.GetString(i);
                yield return cells;
            }
        }
    }

    /// <summary>The text of a CSV upload (see the class comment for how the encoding is chosen).</summary>
    public static (string? Text, RosterFileError? Error) Decode(byte[] content, string? requested)
    {
        var bom = StartsWith(content, 0xEF, 0xBB, 0xBF);
        var body = bom ? content.AsSpan(3) : content.AsSpan();
        switch (requested?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                if (bom) return (Encoding.UTF8.GetString(body), null);
                try
                {
                    return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body), null);
                }
                catch (DecoderFallbackException)
                {
                    return (Encoding.GetEncoding("GB18030").GetString(body), null);
                }
            case "utf-8" or "utf8":
                return (Encoding.UTF8.GetString(body), null);
            case "gbk" or "gb2312" or "gb18030":
                return (Encoding.GetEncoding("GB18030").GetString(body), null);
            default:
                return (null, Bad("roster-encoding", "不支持的编码，encoding 只能是 utf-8 或 gbk", $"Unknown encoding '{requested}'."));
        }
    }

    /// <summary>Finds the header row, checks the columns, keeps the non-blank rows with their Excel line numbers.</summary>
    private static (RosterTable?, RosterFileError?) Tabulate(IEnumerable<string?[]> rows, string format)
    {
        Dictionary<int, string>? columnsAt = null;
        string?[]? firstRow = null;
        var lines = new List<RosterLine>();
        var line = 0;
        foreach (var row in rows)
        {
            line++;
            if (columnsAt is null)
            {
                if (row.All(string.IsNullOrWhiteSpace)) continue;
                firstRow ??= row;
                if (row.Any(cell => RosterColumns.NormalizeHeader(cell) == RosterColumns.Name))
                {
                    var (columns, error) = Columns(row);
                    if (error is not null) return (null, error);
                    columnsAt = columns;
                }
                else if (line >= HeaderSearchRows) break;
                continue;
            }
            if (row.All(string.IsNullOrWhiteSpace)) continue;
            if (lines.Count == MaxRows)
                return (null, new RosterFileError(StatusCodes.Status413PayloadTooLarge, "roster-too-many-rows",
                    $"名册行数超过 {MaxRows} 行，请分批导入", $"At most {MaxRows} data rows per file."));
            lines.Add(new RosterLine(line, columnsAt.ToDictionary(c => c.Value, c => c.Key < row.Length ? Clean(row[c.Key]) : null)));
        }
        if (columnsAt is null)
        {
            if (firstRow is null) return (null, Bad("roster-empty", "文件中没有数据", "No non-blank row."));
            return (null, Missing([.. RosterColumns.Required.Where(c => !firstRow.Any(h => RosterColumns.NormalizeHeader(h) == c))]));
        }
        return (new RosterTable(columnsAt.Values.ToHashSet(), lines, format), null);
    }

    private static (Dictionary<int, string>, RosterFileError?) Columns(string?[] header)
    {
        var columns = new Dictionary<int, string>();
        for (var i = 0; i < header.Length; i++)
        {
            var name = RosterColumns.NormalizeHeader(header[i]);
            if (!RosterColumns.All.Contains(name)) continue; // extra columns are ignored
            if (columns.ContainsValue(name))
                return (columns, Bad("roster-duplicate-column", $"列重复: {name}", $"The header '{name}' appears more than once."));
            columns[i] = name;
        }
        var missing = RosterColumns.Required.Where(c => !columns.ContainsValue(c)).ToList();
        return (columns, missing.Count > 0 ? Missing(missing) : null);
    }

    private static RosterFileError Missing(IReadOnlyList<string> columns) => new(StatusCodes.Status400BadRequest, "roster-missing-column",
        $"缺少必需的列: {RosterColumns.JoinList(columns)}", $"Required headers: {string.Join(", ", RosterColumns.Required)}.", columns);

    public static RosterFileError TooLarge(long bytes) => new(StatusCodes.Status413PayloadTooLarge, "roster-too-large",
        $"文件过大，不能超过 {MaxBytes / 1024 / 1024} MB", $"The file has {bytes} bytes; at most {MaxBytes} are read.");

    public static RosterFileError Bad(string code, string title, string detail) => new(StatusCodes.Status400BadRequest, code, title, detail);

    /// <summary>A cell as text: numbers as Excel shows them (a phone typed as a number has no ".0" or exponent).</summary>
    private static string? Cell(object? value) => value switch
    {
        null => null,
        string s => s,
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string? Clean(string? cell) => string.IsNullOrWhiteSpace(cell) ? null : cell.Trim().Trim('\u3000').Trim();

    private static bool StartsWith(byte[] content, params byte[] prefix) => content.AsSpan().StartsWith(prefix);
}
