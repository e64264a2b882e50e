using System.Data;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>Builds roster files (XLSX with MiniExcel, CSV as text) and uploads them; reads a tenant's rows back.</summary>
internal static class RosterTestFiles
{
    public static readonly string[] Headers = ["姓名", "性别", "单位", "界别", "专委会", "职务", "手机", "类别", "专长"];

    static RosterTestFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>An XLSX whose first row is <paramref name="headers"/> and then <paramref name="rows"/> (all text cells).</summary>
    public static byte[] XlsxWithHeaders(string[] headers, params string?[][] rows)
    {
        var table = new DataTable("名册");
        foreach (var header in headers) table.Columns.Add(header, typeof(string));
        foreach (var row in rows) table.Rows.Add(row.Cast<object?>().Select(v => v ?? DBNull.Value).ToArray());
        using var stream = new MemoryStream();
        stream.SaveAs(table, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    public static byte[] Xlsx(params string?[][] rows) => XlsxWithHeaders(Headers, rows);

    /// <summary>CSV text (comma separated, quoted where needed) in <paramref name="encoding"/> (UTF-8 without BOM by default).</summary>
    public static byte[] CsvWithHeaders(string[] headers, IEnumerable<string?[]> rows, Encoding? encoding = null, bool bom = false)
    {
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(headers))
            text.Append(string.Join(',', row.Select(c => c is null ? "" : c.Contains(',') ? $"\"{c}\"" : c))).Append("\r\n");
        var bytes = (encoding ?? new UTF8Encoding(false)).GetBytes(text.ToString());
        return bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    public static byte[] Csv(params string?[][] rows) => CsvWithHeaders(Headers, rows);

    public static Encoding Gbk => Encoding.GetEncoding("GB18030");

    public static Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] file, string query = "", string fileName = "名册.xlsx",
        string? idempotencyKey = null)
    {
        // A fixed boundary: a retry resends the same bytes, which is what the Idempotency-Key's fingerprint compares.
        var form = new MultipartFormDataContent("sqmy-roster-boundary");
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/persons/import{query}") { Content = form };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>An import that must answer 200; its report.</summary>
    public static async Task<JsonElement> ImportOkAsync(HttpClient client, byte[] file, string query = "")
    {
        var response = await ImportAsync(client, file, query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static (int Created, int Updated, int Unchanged, int Rejected) Counts(JsonElement report) => (
        report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32(),
        report.GetProperty("unchanged").GetInt32(), report.GetProperty("rejected").GetInt32());

    /// <summary>The problem's bad cells as "line column reason".</summary>
    public static string[] RowErrors(JsonElement problem) => [.. problem.GetProperty("rows").EnumerateArray()
        .Select(r => $"{r.GetProperty("line").GetInt32()} {r.GetProperty("column").GetString()} {r.GetProperty("reason").GetString()}")];

    /// <summary>Units for a roster: a member group (单位), a sector (界别) and a special committee (专委会).</summary>
    public static async Task<(Guid Group, Guid Sector, Guid Committee)> UnitsAsync(HttpClient client, string group = "沙坪坝委员组",
        string sector = "教育界", string committee = "经济委员会") => (
        (await PeopleApi.CreateUnitAsync(client, group, "member-group")).GetProperty("id").GetGuid(),
        (await PeopleApi.CreateUnitAsync(client, sector, "sector")).GetProperty("id").GetGuid(),
        (await PeopleApi.CreateUnitAsync(client, committee, "special-committee")).GetProperty("id").GetGuid());

    public sealed record TenantCounts(long Persons, long Memberships, long Outbox);

    public static async Task<TenantCounts> CountsAsync(string connectionString, string tenant) => new(
        await TestDb.ScalarAsync<long>(connectionString, "SELECT count(*) FROM persons WHERE tenant_id = $1", tenant),
        await TestDb.ScalarAsync<long>(connectionString, "SELECT count(*) FROM memberships WHERE tenant_id = $1", tenant),
        await TestDb.ScalarAsync<long>(connectionString, "SELECT count(*) FROM outbox_messages WHERE tenant_id = $1", tenant));
}
