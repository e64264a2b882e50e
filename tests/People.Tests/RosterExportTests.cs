using System.Net;
using System.Text;
using MiniExcelLibs;
using SheqingMinyi.Tests;
using static SheqingMinyi.People.Tests.RosterTestFiles;

namespace SheqingMinyi.People.Tests;

/// <summary>人员名册导出: the import's own format, so an export re-imports unchanged; full phones, audited.</summary>
public sealed class RosterExportTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private static readonly string?[][] Roster =
    [
        ["张明", "男", "沙坪坝委员组", "教育界", "经济委员会", "重庆大学教授", "13800138000", "委员、特邀信息员", "城市规划、交通"],
        ["李华", "女", "沙坪坝委员组", null, null, "社区主任", "13900139000", "会员", null],
        ["王芳", null, null, null, null, null, null, null, null],
    ];

    private async Task<(string Tenant, HttpClient Client)> ImportedAsync()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        await UnitsAsync(client);
        Assert.Equal((3, 0, 0, 0), Counts(await ImportOkAsync(client, Xlsx(Roster))));
        return (tenant, client);
    }

    [Fact]
    public async Task The_xlsx_export_has_the_headers_full_values_a_chinese_file_name_and_re_imports_unchanged()
    {
        var (tenant, client) = await ImportedAsync();
        var before = await CountsAsync(factory.ConnectionString, tenant);

        var response = await client.GetAsync("/persons/export?format=xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("人员名册.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Contains("filename*=UTF-8''%E4%BA%BA%E5%91%98%E5%90%8D%E5%86%8C.xlsx", response.Content.Headers.ContentDisposition!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var rows = new MemoryStream(bytes).Query(useHeaderRow: false, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>().Select(r => r.Values.Select(v => v?.ToString() ?? "").ToArray()).ToList();
        Assert.Equal(Headers, rows[0]);
        Assert.Equal(["张明", "男", "沙坪坝委员组", "教育界", "经济委员会", "重庆大学教授", "13800138000", "委员、特邀信息员", "城市规划、交通"], rows.Single(r => r[0] == "张明"));
        Assert.Equal(["李华", "女", "沙坪坝委员组", "", "", "社区主任", "13900139000", "会员/盟员", ""], rows.Single(r => r[0] == "李华"));
        Assert.Equal(4, rows.Count);

        Assert.Equal((0, 0, 3, 0), Counts(await ImportOkAsync(client, bytes)));
        Assert.Equal(before, await CountsAsync(factory.ConnectionString, tenant));
    }

    [Fact]
    public async Task The_csv_export_is_utf8_with_bom_and_re_imports_unchanged()
    {
        var (tenant, client) = await ImportedAsync();

        var response = await client.GetAsync("/persons/export?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("人员名册.csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', Headers), lines[0]);
        Assert.Equal("张明,男,沙坪坝委员组,教育界,经济委员会,重庆大学教授,13800138000,委员、特邀信息员,城市规划、交通", lines.Single(l => l.StartsWith("张明")));
        Assert.Equal((0, 0, 3, 0), Counts(await ImportOkAsync(client, bytes)));
    }

    [Fact]
    public async Task Each_export_is_audited_as_a_read_of_personal_data()
    {
        var (tenant, client) = await ImportedAsync();

        await client.GetAsync("/persons/export");
        await client.GetAsync("/persons/export?format=csv");

        Assert.Equal(2, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'roster-exported'", tenant));
        Assert.Equal("3 人，含完整手机号", await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT outcome FROM audit_entries WHERE tenant_id = $1 AND action = 'roster-exported' AND resource LIKE '%csv'", tenant));
    }

    [Fact]
    public async Task An_unknown_format_is_a_400_and_an_empty_tenant_exports_the_headers_only()
    {
        var client = factory.ClientFor(Tenants.New());

        var problem = await (await client.GetAsync("/persons/export?format=pdf")).ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("format", out _));
        var csv = await (await client.GetAsync("/persons/export?format=csv")).Content.ReadAsByteArrayAsync();
        Assert.Equal(string.Join(',', Headers) + "\r\n", Encoding.UTF8.GetString(csv[3..]));
    }
}
