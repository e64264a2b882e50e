using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>通报: a quarter of a tenant with 5 units and 50 persons, its XLSX, the schedule, bad input and isolation.</summary>
public sealed class BulletinsTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);
    private static readonly DateTimeOffset InQuarter = ScoringKit.Beijing(2026, 11, 10, 9);

    private sealed record Seeded(Guid[] Units, Guid[][] Persons, Guid Highlight);

    /// <summary>
    /// Units 0–1 专委会, 2–3 区委会, 4 市直基层组织, each with 10 委员. In 2026-Q4 every person submits one item; unit u's
    /// first u+1 persons are adopted at own-body level; unit 0's first item is also adopted nationally and instructed by a
    /// municipal leader; unit 1's first two persons co-author one more item; unit 2's last item is withdrawn; and an
    /// item of 2026-Q3 counts nowhere.
    /// </summary>
    private async Task<Seeded> SeedAsync(string tenant)
    {
        string[] names = ["经济委员会", "民宗委", "沙坪坝区委会", "九龙坡区委会", "市直第一支部"];
        string[] categories = ["special-committee", "special-committee", "district-committee", "district-committee", "grassroots-organisation"];
        var units = names.Select(_ => Guid.NewGuid()).ToArray();
        var persons = units.Select(_ => Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray()).ToArray();
        var fed = new List<FedEvent>();
        async Task Publish<T>(T e) where T : notnull => fed.Add(await _kit.Feeder.PublishAsync(tenant, e));

        for (var u = 0; u < 5; u++)
        {
            await Publish(new UnitCreated(units[u], names[u], categories[u]));
            for (var j = 0; j < 10; j++) await Publish(new PersonRegistered(persons[u][j], $"{names[u]}{j + 1}号", units[u], ["member"], ["member"]));
        }
        var highlight = Guid.Empty;
        for (var u = 0; u < 5; u++)
            for (var j = 0; j < 10; j++)
            {
                var item = Guid.NewGuid();
                AuthorShare[] authors = [new(persons[u][j], 1, 1m)];
                UnitShare[] shares = [new(units[u], 1m)];
                await Publish(new SubmissionSubmitted(item, $"{names[u]}{j + 1}号的建议", persons[u][j], units[u], InQuarter, authors, shares, Sequence: 1));
                if (j <= u)
                    await Publish(new SubmissionAdopted(item, Guid.NewGuid(), AdoptionLevel.OwnBody, persons[u][j], units[u], InQuarter.AddDays(5), 1, authors, shares));
                if (u == 0 && j == 0)
                {
                    highlight = item;
                    await Publish(new SubmissionAdopted(item, Guid.NewGuid(), AdoptionLevel.National, persons[u][j], units[u], InQuarter.AddDays(20), 1, authors, shares));
                    await Publish(new LeaderInstructionRecorded(Guid.NewGuid(), item, Guid.NewGuid(), InstructionLevel.Municipal, "副市长", "肯定性批示",
                        new DateOnly(2026, 12, 1), "请民政局研究", authors, shares, ScoringKit.Beijing(2026, 12, 1, 10)));
                }
                if (u == 2 && j == 9)
                    await Publish(new SubmissionWithdrawn(item, [persons[u][j]], "重复", InQuarter.AddDays(1), 2));
            }
        var pair = persons[1];
        AuthorShare[] both = [new(pair[0], 1, 0.5m), new(pair[1], 2, 0.5m)];
        await Publish(new SubmissionSubmitted(Guid.NewGuid(), "合写的建议", pair[0], units[1], InQuarter, both, [new UnitShare(units[1], 1m)]));
        await Publish(new SubmissionSubmitted(Guid.NewGuid(), "三季度的建议", persons[4][0], units[4], ScoringKit.Beijing(2026, 9, 30, 9),
            [new AuthorShare(persons[4][0], 1, 1m)], [new UnitShare(units[4], 1m)]));
        foreach (var e in fed) await _kit.Feeder.WaitConsumedAsync(e, ScoringKit.ConsumerGroup, TimeSpan.FromSeconds(60));
        return new Seeded(units, persons, highlight);
    }

    [Fact]
    public async Task A_quarterly_bulletin_of_5_units_and_50_persons_counts_adopts_ranks_and_highlights()
    {
        var tenant = ScoringKit.NewTenant();
        var s = await SeedAsync(tenant);

        var bulletin = await GenerateAsync(tenant, "2026-Q4");
        var content = bulletin.GetProperty("content");

        Assert.Equal(("quarterly", "2026年第四季度反映社情民意信息工作通报"), (bulletin.GetProperty("kind").GetString(), bulletin.GetProperty("title").GetString()));
        var totals = content.GetProperty("totals");
        // 50 items + the co-authored one − the withdrawn one; 1+2+3+4+5 adopted; one national adoption, one instruction.
        Assert.Equal((50, 15, 1, 15, 1, 0.3m), (Int(totals, "submitted"), Int(totals, "adoptedOwnBody"), Int(totals, "adoptedNational"),
            Int(totals, "adoptedItems"), Int(totals, "instructions"), totals.GetProperty("adoptionRate").GetDecimal()));

        var units = content.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetGuid());
        Assert.Equal(5, units.Count);
        Assert.Equal([10, 11, 9, 10, 10], s.Units.Select(u => Int(units[u].GetProperty("counts"), "submitted")));
        Assert.Equal([1, 2, 3, 4, 5], s.Units.Select(u => Int(units[u].GetProperty("counts"), "adoptedItems")));
        // Points: 1 per item, 5 per own-body adoption, unit 0 also 20 (national) + 10 (municipal instruction).
        Assert.Equal([45m, 21m, 25m, 30m, 35m], s.Units.Select(u => units[u].GetProperty("points").GetDecimal()));
        Assert.Equal([1L, 5L, 4L, 3L, 2L], s.Units.Select(u => units[u].GetProperty("rank").GetInt64()));
        Assert.Equal("专委会", units[s.Units[0]].GetProperty("categoryName").GetString());
        // The bulletin's points are the rankings' for the same period.
        var ranking = await GetAsync(tenant, "/rankings/units?period=2026-Q4&top=5");
        Assert.Equal(s.Units.Select(u => units[u].GetProperty("points").GetDecimal()),
            s.Units.Select(u => ranking.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("id").GetString() == u.ToString()).GetProperty("points").GetDecimal()));

        var committees = content.GetProperty("specialCommittees").EnumerateArray().ToList();
        Assert.Equal([(s.Units[0], 1L), (s.Units[1], 2L)], committees.Select(c => (c.GetProperty("unitId").GetGuid(), c.GetProperty("rank").GetInt64())));

        var quota = content.GetProperty("quota");
        Assert.Equal((50, 15, 0.3m), (Int(quota, "persons"), Int(quota, "personsMet"), quota.GetProperty("rate").GetDecimal()));

        // Top 10 persons: the highlighted author (1+5+20+10 = 36), the co-authors (6 + half of 1), then the 12 others
        // adopted (6 each) all tied fourth: the top prints everyone tied with its last place.
        var top = content.GetProperty("topPersons").EnumerateArray().ToList();
        Assert.Equal(15, top.Count);
        Assert.Equal((s.Persons[0][0], 1L, 36m), (top[0].GetProperty("personId").GetGuid(), top[0].GetProperty("rank").GetInt64(), top[0].GetProperty("points").GetDecimal()));
        Assert.Equal(new HashSet<Guid> { s.Persons[1][0], s.Persons[1][1] }, top.Skip(1).Take(2).Select(p => p.GetProperty("personId").GetGuid()).ToHashSet());
        Assert.All(top.Skip(1).Take(2), p => Assert.Equal((2L, 6.5m), (p.GetProperty("rank").GetInt64(), p.GetProperty("points").GetDecimal())));
        Assert.All(top.Skip(3), p => Assert.Equal((4L, 6m), (p.GetProperty("rank").GetInt64(), p.GetProperty("points").GetDecimal())));

        var highlight = Assert.Single(content.GetProperty("highlights").EnumerateArray());
        Assert.Equal((s.Highlight, "经济委员会1号的建议", "经济委员会"), (highlight.GetProperty("itemId").GetGuid(), highlight.GetProperty("title").GetString(),
            highlight.GetProperty("unitName").GetString()));
        Assert.Equal(["全国政协采用", "市级领导批示"], highlight.GetProperty("recognitions").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal(["经济委员会1号"], highlight.GetProperty("authors").EnumerateArray().Select(r => r.GetString()!));
    }

    [Fact]
    public async Task The_XLSX_has_Chinese_headers_sized_columns_and_the_API_s_totals()
    {
        var tenant = ScoringKit.NewTenant();
        var s = await SeedAsync(tenant);
        var bulletin = await GenerateAsync(tenant, "2026-Q4", normalise: true);
        var content = bulletin.GetProperty("content");

        var response = await _kit.Client(tenant).GetAsync($"/bulletins/{bulletin.GetProperty("id").GetGuid()}/xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(["汇总", "单位情况", "专委会情况", "个人积分排名", "亮点"], MiniExcel.GetSheetNames(new MemoryStream(bytes)));
        var summary = new MemoryStream(bytes).Query(useHeaderRow: true, sheetName: "汇总", excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object>>().Where(r => (string)r["项目"] is not "通报" and not "人均口径").ToDictionary(r => (string)r["项目"], r => Convert.ToDecimal(r["数值"]));
        Assert.Equal("按在册人数", new MemoryStream(bytes).Query(useHeaderRow: true, sheetName: "汇总", excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object>>().Single(r => (string)r["项目"] == "人均口径")["数值"]);
        var totals = content.GetProperty("totals");
        Assert.Equal((Int(totals, "submitted"), Int(totals, "adoptedItems"), Int(totals, "instructions")),
            ((int)summary["报送"], (int)summary["采用篇数"], (int)summary["批示"]));
        Assert.Equal(totals.GetProperty("adoptionRate").GetDecimal(), summary["采用率"]);

        var units = new MemoryStream(bytes).Query(useHeaderRow: true, sheetName: "单位情况", excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["排名", "单位", "类型", "报送", "本级采用", "上级采用", "全国政协采用", "党派中央采用", "采用篇数", "批示", "采用率", "积分", "人数", "人均报送", "人均采用"],
            units[0].Keys);
        Assert.Equal(Int(totals, "submitted"), units.Sum(u => Convert.ToInt32(u["报送"])));
        Assert.Equal(content.GetProperty("units").EnumerateArray().Sum(u => u.GetProperty("points").GetDecimal()), units.Sum(u => Convert.ToDecimal(u["积分"])));
        // Normalised by size: 10 members each, so unit 1's 11 items are 1.1 per member.
        var second = units.Single(u => (string)u["单位"] == "民宗委");
        Assert.Equal((10, 1.1m), (Convert.ToInt32(second["人数"]), Convert.ToDecimal(second["人均报送"])));

        using var zip = new ZipArchive(new MemoryStream(bytes));
        var sheetXml = await new StreamReader(zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/sheet2", StringComparison.Ordinal)).Open()).ReadToEndAsync();
        Assert.Matches(@"<x:col min=""2"" max=""2"" width=""28", sheetXml);
    }

    [Fact]
    public async Task The_tenant_s_normalisation_setting_drives_the_schedule_and_POSTs_that_do_not_override_it()
    {
        var tenant = ScoringKit.NewTenant();
        var month = SheqingMinyi.Scoring.Domain.BulletinPeriod.LastFinished("monthly", DateTimeOffset.UtcNow);
        var (unit, zhang, li) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenant, new UnitCreated(unit, "沙坪坝区委会", "district-committee"));
        await _kit.FeedAsync(tenant, new PersonRegistered(zhang, "张三", unit, ["member"], ["member"]));
        await _kit.FeedAsync(tenant, new PersonRegistered(li, "李四", unit, ["member"], ["member"]));
        await _kit.FeedAsync(tenant, new SubmissionSubmitted(Guid.NewGuid(), "关于社区养老的建议", zhang, unit, month.Start.AddDays(2),
            [new AuthorShare(zhang, 1, 1m)], [new UnitShare(unit, 1m)]));

        // Off by default; bad input, a missing If-Match and a staff editor change nothing.
        var admin = _kit.Admin(tenant);
        var initial = await admin.GetAsync("/bulletins/settings");
        Assert.Equal("\"0\"", initial.Headers.ETag?.Tag);
        Assert.False((await initial.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("normaliseByUnitSize").GetBoolean());
        var bad = await (await Put(admin, new { }, "\"0\"")).ReadProblemAsync(400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("normaliseByUnitSize", out _));
        await (await admin.PutAsJsonAsync("/bulletins/settings", new { normaliseByUnitSize = true })).ReadProblemAsync(428);
        Assert.Equal(HttpStatusCode.Forbidden, (await Put(factory.ClientFor(tenant, ["staff-editor"]), new { normaliseByUnitSize = true }, "\"0\"")).StatusCode);
        Assert.False((await GetAsync(tenant, "/bulletins/settings")).GetProperty("normaliseByUnitSize").GetBoolean());

        var on = await Put(admin, new { normaliseByUnitSize = true }, "\"0\"");
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        Assert.Equal("\"1\"", on.Headers.ETag?.Tag ?? (await admin.GetAsync("/bulletins/settings")).Headers.ETag?.Tag);
        await (await Put(admin, new { normaliseByUnitSize = false }, "\"0\"")).ReadProblemAsync(412);

        var scheduler = ActivatorUtilities.CreateInstance<Bulletins.BulletinScheduler>(factory.Services);
        await scheduler.RunOnceAsync(CancellationToken.None);
        var listed = Assert.Single((await GetAsync(tenant, $"/bulletins?period={month.Key}")).GetProperty("items").EnumerateArray());
        var scheduled = (await GetAsync(tenant, $"/bulletins/{listed.GetProperty("id").GetGuid()}")).GetProperty("content");
        Assert.True(scheduled.GetProperty("normalisedByUnitSize").GetBoolean());
        Assert.Equal("按在册人数", scheduled.GetProperty("unitSizeBasis").GetString());
        var row = Assert.Single(scheduled.GetProperty("units").EnumerateArray());
        Assert.Equal((2, 0.5m), (row.GetProperty("members").GetInt32(), row.GetProperty("submittedPerMember").GetDecimal()));

        var byDefault = (await GenerateRawAsync(tenant, new { period = month.Key })).GetProperty("content");
        var overridden = (await GenerateRawAsync(tenant, new { period = month.Key, normaliseByUnitSize = false })).GetProperty("content");
        Assert.Equal((true, false), (byDefault.GetProperty("normalisedByUnitSize").GetBoolean(), overridden.GetProperty("normalisedByUnitSize").GetBoolean()));
        Assert.False(overridden.TryGetProperty("unitSizeBasis", out var basis) && basis.ValueKind != JsonValueKind.Null);
        Assert.False(Assert.Single(overridden.GetProperty("units").EnumerateArray()).TryGetProperty("members", out var size) && size.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Another_tenant_s_bulletin_settings_are_its_own()
    {
        var (tenantA, tenantB) = (ScoringKit.NewTenant(), ScoringKit.NewTenant());
        Assert.Equal(HttpStatusCode.OK, (await Put(_kit.Admin(tenantA), new { normaliseByUnitSize = true }, "\"0\"")).StatusCode);

        var ofB = await _kit.Admin(tenantB).GetAsync("/bulletins/settings");
        Assert.Equal("\"0\"", ofB.Headers.ETag?.Tag);
        Assert.False((await ofB.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("normaliseByUnitSize").GetBoolean());
        // A's ETag "1" is not B's version: B has none, so 412, and B stays off.
        await (await Put(_kit.Admin(tenantB), new { normaliseByUnitSize = false }, "\"1\"")).ReadProblemAsync(412);
        Assert.True((await GetAsync(tenantA, "/bulletins/settings")).GetProperty("normaliseByUnitSize").GetBoolean());
        Assert.False((await GetAsync(tenantB, "/bulletins/settings")).GetProperty("normaliseByUnitSize").GetBoolean());
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/bulletins/settings") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    private async Task<JsonElement> GenerateRawAsync(string tenant, object body)
    {
        var response = await _kit.Client(tenant).PostAsJsonAsync("/bulletins", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task The_schedule_stores_each_finished_period_once_however_often_it_runs()
    {
        var tenant = ScoringKit.NewTenant();
        await _kit.SubmittedAndAdoptedAsync(tenant);
        var scheduler = ActivatorUtilities.CreateInstance<Bulletins.BulletinScheduler>(factory.Services);

        await scheduler.RunOnceAsync(CancellationToken.None);
        await scheduler.RunOnceAsync(CancellationToken.None);

        var list = await GetAsync(tenant, "/bulletins?pageSize=50");
        var scheduled = list.GetProperty("items").EnumerateArray().Where(b => b.GetProperty("scheduled").GetBoolean()).ToList();
        Assert.Equal(["half-yearly", "monthly", "quarterly"], scheduled.Select(b => b.GetProperty("kind").GetString()!).Order());
        Assert.Equal(3, scheduled.Select(b => b.GetProperty("period").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task On_demand_bulletins_are_listed_newest_first_and_an_Idempotency_Key_answers_the_same_one()
    {
        var tenant = ScoringKit.NewTenant();
        await _kit.SubmittedAndAdoptedAsync(tenant);
        // One client: a key belongs to the tenant and the client that sent it.
        var client = _kit.Client(tenant);
        var first = await GenerateAsync(tenant, "2026-11", key: "bulletin-2026-11", client: client);
        var again = await GenerateAsync(tenant, "2026-11", key: "bulletin-2026-11", client: client);
        var half = await GenerateAsync(tenant, "2026-H2");

        Assert.Equal(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal((1, 6m), (Int(first.GetProperty("content").GetProperty("totals"), "submitted"),
            first.GetProperty("content").GetProperty("topPersons")[0].GetProperty("points").GetDecimal()));
        var list = await GetAsync(tenant, "/bulletins");
        Assert.Equal([half.GetProperty("id").GetGuid(), first.GetProperty("id").GetGuid()],
            list.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()));
        Assert.Equal([first.GetProperty("id").GetGuid()],
            (await GetAsync(tenant, "/bulletins?kind=monthly")).GetProperty("items").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()));
        Assert.Equal("2026年下半年反映社情民意信息工作通报", half.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_highlight_shows_the_newest_title_whatever_order_the_submissions_arrive_in()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, unit, item) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        AuthorShare[] authors = [new(author, 1, 1m)];
        UnitShare[] units = [new(unit, 1m)];
        var resubmitted = new SubmissionSubmitted(item, "关于社区食堂的建议（修改稿）", author, unit, InQuarter, authors, units, Sequence: 3);
        var fed = await _kit.Feeder.PublishAsync(tenant, resubmitted);
        await _kit.Feeder.WaitConsumedAsync(fed, ScoringKit.ConsumerGroup);
        await _kit.FeedAsync(tenant, resubmitted with { Title = "关于社区食堂的建议", Sequence = 1 });
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(fed), ScoringKit.ConsumerGroup);
        await _kit.FeedAsync(tenant, new SubmissionAdopted(item, Guid.NewGuid(), AdoptionLevel.National, author, unit, InQuarter, 1, authors, units));

        var highlight = Assert.Single((await GenerateAsync(tenant, "2026-11")).GetProperty("content").GetProperty("highlights").EnumerateArray());

        Assert.Equal("关于社区食堂的建议（修改稿）", highlight.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_item_selected_into_the_excellent_compilation_is_a_highlight_and_one_adopted_at_own_level_is_not()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, unit, selected, plain) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        AuthorShare[] authors = [new(author, 1, 1m)];
        UnitShare[] units = [new(unit, 1m)];
        await _kit.FeedAsync(tenant, new UnitCreated(unit, "民宗委", "special-committee"));
        await _kit.FeedAsync(tenant, new PersonRegistered(author, "王五", unit, ["member"], ["member"]));
        await _kit.FeedAsync(tenant, new SubmissionSubmitted(selected, "关于宗教场所消防的建议", author, unit, InQuarter, authors, units, Sequence: 1));
        await _kit.FeedAsync(tenant, new SubmissionSubmitted(plain, "关于路灯的建议", author, unit, InQuarter, authors, units, Sequence: 1));
        await _kit.FeedAsync(tenant, new SubmissionAdopted(plain, Guid.NewGuid(), AdoptionLevel.OwnBody, author, unit, InQuarter, 1, authors, units));
        await _kit.FeedAsync(tenant, new ExcellentSelectionPublished(Guid.NewGuid(), 2026, 3, [new SelectedItem(selected, authors, units)], InQuarter.AddDays(3)));

        var highlight = Assert.Single((await GenerateAsync(tenant, "2026-11")).GetProperty("content").GetProperty("highlights").EnumerateArray());

        Assert.Equal((selected, "关于宗教场所消防的建议", "民宗委"),
            (highlight.GetProperty("itemId").GetGuid(), highlight.GetProperty("title").GetString(), highlight.GetProperty("unitName").GetString()));
        Assert.Equal(["王五"], highlight.GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["入选优秀选编"], highlight.GetProperty("recognitions").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("{\"period\":\"2026\"}")]
    [InlineData("{\"period\":\"2026-Q5\"}")]
    [InlineData("{\"period\":\"2026-H3\"}")]
    [InlineData("{}")]
    public async Task A_bad_period_is_a_400_and_stores_nothing(string body)
    {
        var tenant = ScoringKit.NewTenant();
        var problem = await (await _kit.Client(tenant).PostAsync("/bulletins", new StringContent(body, System.Text.Encoding.UTF8, "application/json")))
            .ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("period", out _));
        Assert.Equal(0, (await GetAsync(tenant, "/bulletins")).GetProperty("total").GetInt32());
        await (await _kit.Client(tenant).GetAsync("/bulletins?kind=weekly")).ReadProblemAsync(400);
    }

    [Fact]
    public async Task Another_tenant_s_bulletins_are_not_found_and_members_read_none()
    {
        var (tenantA, tenantB) = (ScoringKit.NewTenant(), ScoringKit.NewTenant());
        await _kit.SubmittedAndAdoptedAsync(tenantA);
        var id = (await GenerateAsync(tenantA, "2026-Q4")).GetProperty("id").GetGuid();

        await (await _kit.Client(tenantB).GetAsync($"/bulletins/{id}")).ReadProblemAsync(404);
        await (await _kit.Client(tenantB).GetAsync($"/bulletins/{id}/xlsx")).ReadProblemAsync(404);
        Assert.Equal(0, (await GetAsync(tenantB, "/bulletins")).GetProperty("total").GetInt32());
        // B's own bulletin of the same quarter counts nothing of A's.
        Assert.Equal(0, Int((await GenerateAsync(tenantB, "2026-Q4")).GetProperty("content").GetProperty("totals"), "submitted"));
        var member = factory.ClientFor(tenantA, ["member"], Guid.NewGuid());
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/bulletins/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync("/bulletins", new { period = "2026-Q4" })).StatusCode);
    }

    private static int Int(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    private async Task<JsonElement> GenerateAsync(string tenant, string period, bool normalise = false, string? key = null, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/bulletins") { Content = JsonContent.Create(new { period, normaliseByUnitSize = normalise }) };
        if (key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        var response = await (client ?? _kit.Client(tenant)).SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> GetAsync(string tenant, string path)
    {
        var response = await _kit.Client(tenant).GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
