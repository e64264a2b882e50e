using System.Text;
using SheqingMinyi.Tests;
using static SheqingMinyi.People.Tests.RosterTestFiles;

namespace SheqingMinyi.People.Tests;

/// <summary>人员名册文件: type by content, encodings, size and row limits, headers; a refused file changes nothing.</summary>
public sealed class RosterFileTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private static readonly string?[] Row = ["张明", "男", "沙坪坝委员组", "教育界", "经济委员会", "重庆大学教授", "13800138000", "委员", "城市规划"];

    private async Task<(string Tenant, HttpClient Client)> TenantAsync()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        await UnitsAsync(client);
        return (tenant, client);
    }

    private async Task<System.Text.Json.JsonElement> RefusedAsync(string tenant, HttpClient client, byte[] file, int status, string code,
        string query = "")
    {
        var before = await CountsAsync(factory.ConnectionString, tenant);
        var problem = await (await ImportAsync(client, file, query)).ReadProblemAsync(status);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(before, await CountsAsync(factory.ConnectionString, tenant));
        return problem;
    }

    [Fact]
    public async Task A_utf8_csv_with_or_without_bom_imports_like_the_xlsx()
    {
        var (_, client) = await TenantAsync();
        Assert.Equal((1, 0, 0, 0), Counts(await ImportOkAsync(client, CsvWithHeaders(Headers, [Row], bom: true))));
        Assert.Equal((0, 0, 1, 0), Counts(await ImportOkAsync(client, CsvWithHeaders(Headers, [Row]))));
        Assert.Equal((0, 0, 1, 0), Counts(await ImportOkAsync(client, Xlsx(Row))));
    }

    [Fact]
    public async Task A_gbk_csv_is_detected_or_named_with_encoding_gbk()
    {
        var (tenant, client) = await TenantAsync();
        var gbk = CsvWithHeaders(Headers, [Row], Gbk);

        var detected = await ImportOkAsync(client, gbk);
        Assert.Equal((1, 0, 0, 0), Counts(detected));
        Assert.Equal("张明", detected.GetProperty("rows")[0].GetProperty("name").GetString());
        Assert.Equal("重庆大学教授", await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT title FROM persons WHERE tenant_id = $1", tenant));
        Assert.Equal((0, 0, 1, 0), Counts(await ImportOkAsync(client, gbk, "?encoding=gbk")));
        await RefusedAsync(tenant, client, gbk, 400, "roster-encoding", "?encoding=big5");
    }

    [Fact]
    public async Task Header_order_is_free_extra_columns_are_ignored_and_a_title_row_may_come_first()
    {
        var (_, client) = await TenantAsync();
        string[] headers = ["序号", "手机", "姓名", "单位", "性别", "专委会", "界别", "职务", "备注"];
        var csv = Encoding.UTF8.GetBytes("沙坪坝区政协委员名册\r\n\r\n" + Encoding.UTF8.GetString(CsvWithHeaders(headers,
            [["1", "13800138000", "张明", "沙坪坝委员组", "男", "经济委员会", "教育界", "重庆大学教授", "备注随便写"]])));

        var report = await ImportOkAsync(client, csv);

        Assert.Equal((1, 0, 0, 0), Counts(report));
        Assert.Equal(4, report.GetProperty("rows")[0].GetProperty("line").GetInt32()); // title, blank, header, then the row
    }

    [Fact]
    public async Task A_missing_required_header_is_a_400_naming_it()
    {
        var (tenant, client) = await TenantAsync();
        string[] headers = ["姓名", "性别", "单位", "界别", "专委会", "职务"];

        var problem = await RefusedAsync(tenant, client, XlsxWithHeaders(headers, ["张明", "男", null, null, null, null]), 400, "roster-missing-column");

        Assert.Equal("缺少必需的列: 手机", problem.GetProperty("title").GetString());
        Assert.Equal(["手机"], problem.GetProperty("missingColumns").Strings());
        var noName = await RefusedAsync(tenant, client, CsvWithHeaders(["名字", "手机"], [["张明", "13800138000"]]), 400, "roster-missing-column");
        Assert.Contains("姓名", noName.GetProperty("missingColumns").Strings());
    }

    [Fact]
    public async Task A_file_that_is_neither_xlsx_nor_csv_is_refused_by_its_content()
    {
        var (tenant, client) = await TenantAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];
        byte[] xls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
        byte[] brokenZip = [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9];

        var problem = await RefusedAsync(tenant, client, png, 400, "roster-type");
        Assert.Equal("不支持的文件类型，请上传 .xlsx 或 .csv 文件", problem.GetProperty("title").GetString());
        await RefusedAsync(tenant, client, xls, 400, "roster-type");
        await RefusedAsync(tenant, client, brokenZip, 400, "roster-unreadable");
        await RefusedAsync(tenant, client, [], 400, "roster-empty");
        // A name says nothing: an xlsx named .csv is still read as xlsx.
        var response = await ImportAsync(client, Xlsx(Row), fileName: "名册.csv");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_oversize_file_is_a_413_and_so_are_too_many_rows()
    {
        var (tenant, client) = await TenantAsync();
        var big = new byte[5 * 1024 * 1024 + 1];
        Array.Fill(big, (byte)'a');

        var problem = await RefusedAsync(tenant, client, big, 413, "roster-too-large");
        Assert.Equal("文件过大，不能超过 5 MB", problem.GetProperty("title").GetString());
        var rows = Enumerable.Range(0, 5001).Select(i => new string?[] { $"委员{i}", "男", null, null, null, null, null, null, null });
        var many = await RefusedAsync(tenant, client, CsvWithHeaders(Headers, rows), 413, "roster-too-many-rows");
        Assert.Equal("名册行数超过 5000 行，请分批导入", many.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_request_without_a_file_or_with_bad_switches_is_a_400()
    {
        var (tenant, client) = await TenantAsync();
        var before = await CountsAsync(factory.ConnectionString, tenant);

        var noFile = await client.PostAsync("/persons/import", new MultipartFormDataContent { { new StringContent("x"), "other" } });
        Assert.Equal("roster-no-file", (await noFile.ReadProblemAsync(400)).GetProperty("code").GetString());
        var badMode = await (await ImportAsync(client, Xlsx(Row), "?mode=some")).ReadProblemAsync(400);
        Assert.True(badMode.GetProperty("errors").TryGetProperty("mode", out _));
        var badDry = await (await ImportAsync(client, Xlsx(Row), "?dryRun=maybe")).ReadProblemAsync(400);
        Assert.True(badDry.GetProperty("errors").TryGetProperty("dryRun", out _));
        Assert.Equal(before, await CountsAsync(factory.ConnectionString, tenant));
    }

    [Fact]
    public async Task Only_a_tenant_admin_may_import_or_export()
    {
        var tenant = Tenants.New();
        var member = factory.ClientFor(tenant, ["member", "staff-editor", "director", "leader"]);

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await ImportAsync(member, Xlsx(Row))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await member.GetAsync("/persons/export")).StatusCode);
        Assert.Equal(0, (await CountsAsync(factory.ConnectionString, tenant)).Persons);
    }
}
