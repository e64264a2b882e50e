using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>评选表彰 and 分类考核 as XLSX (read back and compared with the JSON API), and award candidates paged.</summary>
public sealed class AwardsExportTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);
    private static readonly DateTimeOffset In2026 = ScoringKit.Beijing(2026, 6, 1, 9);
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private sealed record Seeded(Guid D1, Guid D2, Guid D3, Guid G1, Guid A, Guid B);

    /// <summary>区委会 D1 (36), D2 (16), D3 (6), D4 (0 points, 不合格); 市直基层组织 G1 (6); persons A (36), B (16), C (6), D (6).</summary>
    private async Task<Seeded> SeedAsync(string tenant)
    {
        var (d1, d2, d3, d4, g1) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenant, new UnitCreated(d1, "沙坪坝区委会", "district-committee"));
        await _kit.FeedAsync(tenant, new UnitCreated(d2, "九龙坡区委会", "district-committee"));
        await _kit.FeedAsync(tenant, new UnitCreated(d3, "江北区委会", "district-committee"));
        await _kit.FeedAsync(tenant, new UnitCreated(d4, "渝北区委会", "district-committee"));
        await _kit.FeedAsync(tenant, new UnitCreated(g1, "市直第一支部", "grassroots-organisation"));
        var (a, b, c, d) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenant, new PersonRegistered(a, "刘飞龙", d1, ["member"], ["party-member"]));
        await _kit.FeedAsync(tenant, new PersonRegistered(b, "陈静", d2, ["member"], ["special-officer"]));
        await _kit.FeedAsync(tenant, new PersonRegistered(c, "赵敏", d3, ["member"], ["member"]));
        await _kit.FeedAsync(tenant, new PersonRegistered(d, "王芳", g1, ["member"], ["special-officer"]));
        await ItemAsync(tenant, a, d1, "关于社区食堂的建议", AdoptionLevel.OwnBody, AdoptionLevel.ParentBody, AdoptionLevel.National);
        await ItemAsync(tenant, b, d2, "关于养老服务的建议", AdoptionLevel.OwnBody, AdoptionLevel.ParentBody);
        await ItemAsync(tenant, c, d3, "关于停车的建议", AdoptionLevel.OwnBody);
        await ItemAsync(tenant, d, g1, "关于垃圾分类的建议", AdoptionLevel.OwnBody);
        return new Seeded(d1, d2, d3, g1, a, b);
    }

    [Fact]
    public async Task The_awards_XLSX_lists_the_API_s_candidates_and_decisions_with_Chinese_headers_and_sized_columns()
    {
        var tenant = ScoringKit.NewTenant();
        var s = await SeedAsync(tenant);
        var staff = factory.ClientFor(tenant, ["staff-editor"]);
        await Decide(staff, new { year = 2026, award = "advanced-collective", winners = new object[] { new { id = s.D1, tier = 1 }, new { id = s.D2, tier = 2 } } });
        await Decide(staff, new { year = 2026, award = "advanced-collective", winners = new object[] { new { id = s.D1, tier = 1 }, new { id = s.D3, tier = 3 } },
            note = "江北区委会工作突出，经主席会议研究增补" });
        await Decide(staff, new { year = 2026, award = "contribution", winners = new object[] { new { id = s.A } } });
        var api = await staff.GetFromJsonAsync<JsonElement>("/awards/candidates?year=2026&pageSize=200");
        var decisions = (await staff.GetFromJsonAsync<JsonElement>("/awards/decisions?year=2026")).EnumerateArray().ToList();

        var response = await staff.GetAsync("/awards/xlsx?year=2026");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Xlsx, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("2026", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(["汇总", "候选名单", "评选结果"], MiniExcel.GetSheetNames(new MemoryStream(bytes)));
        var candidates = Sheet(bytes, "候选名单");
        Assert.Equal(["奖项", "排名", "名称", "类型", "等次", "积分"], candidates[0].Keys);
        var awards = api.GetProperty("awards").EnumerateArray().ToList();
        Assert.Equal(awards.Sum(a => a.GetProperty("total").GetInt32()), candidates.Count);
        Assert.Equal(awards.Sum(a => a.GetProperty("totalPoints").GetDecimal()), candidates.Sum(r => Convert.ToDecimal(r["积分"])));
        Assert.Equal(
            awards.SelectMany(a => a.GetProperty("candidates").EnumerateArray().Select(c => (a.GetProperty("name").GetString()!, c.GetProperty("name").GetString(),
                c.GetProperty("points").GetDecimal()))),
            candidates.Select(r => ((string)r["奖项"], (string?)r["名称"], Convert.ToDecimal(r["积分"]))));
        var collective = candidates.Where(r => (string)r["奖项"] == "先进集体").Select(r => ((string)r["名称"], (string)r["类型"], (string)r["等次"])).ToList();
        Assert.Equal([("沙坪坝区委会", "区委会", "一等"), ("九龙坡区委会", "区委会", "二等")], collective);

        var decided = Sheet(bytes, "评选结果");
        Assert.Equal(decisions.Sum(d => d.GetProperty("winners").GetArrayLength()), decided.Count);
        Assert.Equal(5, decided.Count);
        // The newest decision of each award is in force: 沙坪坝 and 江北 for 先进集体 (changed, with the note), 刘飞龙 for 贡献奖.
        Assert.Equal(new HashSet<(string, string, string?, string)>
            {
                ("先进集体", "沙坪坝区委会", "一等", "是"), ("先进集体", "江北区委会", "三等", "是"), ("反映社情民意信息工作贡献奖", "刘飞龙", null, "否"),
            },
            decided.Where(r => (string)r["现行"] == "是").Select(r => ((string)r["奖项"], (string)r["获奖者"], (string?)r["等次"], (string)r["是否调整"])).ToHashSet());
        Assert.Equal(3, decided.Count(r => (string)r["现行"] == "是"));
        Assert.Contains(decided, r => (string)r["说明"] == "江北区委会工作突出，经主席会议研究增补");

        var summary = Sheet(bytes, "汇总").ToDictionary(r => (string)r["奖项"], r => (Convert.ToInt32(r["候选数"]), Convert.ToInt32(r["获奖数"])));
        Assert.Equal((2, 2), summary["先进集体"]);
        Assert.Equal((awards.Single(a => a.GetProperty("award").GetString() == "contribution").GetProperty("total").GetInt32(), 1), summary["反映社情民意信息工作贡献奖"]);

        Assert.Matches(@"<x:col min=""3"" max=""3"" width=""40", await SheetXmlAsync(bytes, 2));
    }

    [Fact]
    public async Task The_assessment_XLSX_has_a_sheet_per_unit_category_matching_the_API_and_a_summary_by_tier()
    {
        var tenant = ScoringKit.NewTenant();
        await SeedAsync(tenant);
        var staff = factory.ClientFor(tenant, ["staff-editor"]);
        var api = (await staff.GetFromJsonAsync<JsonElement>("/assessments?year=2026")).GetProperty("units").EnumerateArray().ToList();

        var response = await staff.GetAsync("/assessments/xlsx?year=2026");
        Assert.Equal((HttpStatusCode.OK, Xlsx), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        var sheets = MiniExcel.GetSheetNames(new MemoryStream(bytes));
        Assert.Equal("汇总", sheets[0]);
        Assert.Contains("区委会", sheets);
        Assert.Contains("市直基层组织", sheets);
        var districts = Sheet(bytes, "区委会");
        Assert.Equal(["排名", "单位", "积分", "等次"], districts[0].Keys);
        Assert.Equal(api.Where(u => u.GetProperty("category").GetString() == "district-committee")
                .Select(u => (u.GetProperty("rank").GetInt64(), u.GetProperty("name").GetString()!, u.GetProperty("points").GetDecimal(), u.GetProperty("tier").GetString()!)),
            districts.Select(r => (Convert.ToInt64(r["排名"]), (string)r["单位"], Convert.ToDecimal(r["积分"]), (string)r["等次"])));
        Assert.Equal(4, districts.Count);

        var summary = Sheet(bytes, "汇总");
        Assert.Equal(["类型", "等次", "单位数"], summary[0].Keys);
        Assert.Equal(api.Count, summary.Sum(r => Convert.ToInt32(r["单位数"])));
        var districtTiers = summary.Where(r => (string)r["类型"] == "区委会").ToDictionary(r => (string)r["等次"], r => Convert.ToInt32(r["单位数"]));
        Assert.Equal(api.Count(u => u.GetProperty("category").GetString() == "district-committee" && u.GetProperty("tier").GetString() == "不合格"),
            districtTiers["不合格"]);
        Assert.Equal(2, districtTiers["不合格"]);
        Assert.Equal(2, districtTiers["合格"]);
    }

    [Fact]
    public async Task Candidates_are_paged_by_rank_with_totals_over_everyone()
    {
        var tenant = ScoringKit.NewTenant();
        var s = await SeedAsync(tenant);
        var staff = factory.ClientFor(tenant, ["staff-editor"]);

        var all = Award(await staff.GetFromJsonAsync<JsonElement>("/awards/candidates?year=2026&pageSize=200"), "advanced-collective");
        var second = await staff.GetFromJsonAsync<JsonElement>("/awards/candidates?year=2026&page=2&pageSize=1");
        Assert.Equal((2, 1), (second.GetProperty("page").GetInt32(), second.GetProperty("pageSize").GetInt32()));
        var page = Award(second, "advanced-collective");

        Assert.Equal((2, 52m), (all.GetProperty("total").GetInt32(), all.GetProperty("totalPoints").GetDecimal()));
        Assert.Equal((2, 52m), (page.GetProperty("total").GetInt32(), page.GetProperty("totalPoints").GetDecimal()));
        Assert.Equal([s.D2.ToString()], page.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var beyond = Award(await staff.GetFromJsonAsync<JsonElement>("/awards/candidates?year=2026&page=3&pageSize=1"), "advanced-collective");
        Assert.Equal((0, 2), (beyond.GetProperty("candidates").GetArrayLength(), beyond.GetProperty("total").GetInt32()));
    }

    [Theory]
    [InlineData("/awards/candidates?year=2026&pageSize=0", "pageSize")]
    [InlineData("/awards/candidates?year=2026&page=x", "page")]
    [InlineData("/awards/xlsx?year=1999", "year")]
    [InlineData("/assessments/xlsx?year=3000", "year")]
    public async Task Bad_paging_or_year_is_a_400_naming_the_field(string url, string field)
    {
        var problem = await (await factory.ClientFor(ScoringKit.NewTenant(), ["staff-editor"]).GetAsync(url)).ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Members_get_no_XLSX_and_tenant_B_s_files_hold_nothing_of_A()
    {
        var (tenantA, tenantB) = (ScoringKit.NewTenant(), ScoringKit.NewTenant());
        var s = await SeedAsync(tenantA);
        await Decide(factory.ClientFor(tenantA, ["staff-editor"]), new { year = 2026, award = "contribution", winners = new object[] { new { id = s.A } } });
        var member = factory.ClientFor(tenantA, ["member"], s.A);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/awards/xlsx?year=2026")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/assessments/xlsx?year=2026")).StatusCode);

        var staffB = factory.ClientFor(tenantB, ["staff-editor"]);
        var awards = await (await staffB.GetAsync("/awards/xlsx?year=2026")).Content.ReadAsByteArrayAsync();
        Assert.Empty(Sheet(awards, "候选名单"));
        Assert.Empty(Sheet(awards, "评选结果"));
        var assessments = await (await staffB.GetAsync("/assessments/xlsx?year=2026")).Content.ReadAsByteArrayAsync();
        Assert.All(Sheet(assessments, "汇总"), r => Assert.Equal(0, Convert.ToInt32(r["单位数"])));
        Assert.Empty(Sheet(assessments, "区委会"));
    }

    private async Task ItemAsync(string tenant, Guid author, Guid unit, string title, params AdoptionLevel[] levels)
    {
        var item = Guid.NewGuid();
        AuthorShare[] authors = [new(author, 1, 1m)];
        UnitShare[] units = [new(unit, 1m)];
        await _kit.FeedAsync(tenant, new SubmissionSubmitted(item, title, author, unit, In2026, authors, units, Sequence: 1));
        foreach (var level in levels)
            await _kit.FeedAsync(tenant, new SubmissionAdopted(item, Guid.NewGuid(), level, author, unit, In2026.AddDays(7), 1, authors, units));
    }

    private static async Task Decide(HttpClient client, object body) =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/awards/decisions", body, ScoringKit.Json)).StatusCode);

    private static JsonElement Award(JsonElement view, string award) =>
        view.GetProperty("awards").EnumerateArray().Single(a => a.GetProperty("award").GetString() == award);

    private static List<IDictionary<string, object>> Sheet(byte[] bytes, string name) =>
        [.. new MemoryStream(bytes).Query(useHeaderRow: true, sheetName: name, excelType: ExcelType.XLSX).Cast<IDictionary<string, object>>()];

    private static async Task<string> SheetXmlAsync(byte[] bytes, int sheet)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes));
        return await new StreamReader(zip.Entries.First(e => e.FullName == $"xl/worksheets/sheet{sheet}.xml").Open()).ReadToEndAsync();
    }
}
