using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>评选表彰 candidates by the tenant's criteria, decisions recorded with the criteria used, 分类考核 tiers.</summary>
public sealed class AwardsTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);
    private static readonly DateTimeOffset In2026 = ScoringKit.Beijing(2026, 6, 1, 9);

    private sealed record Seeded(Guid D1, Guid D2, Guid D3, Guid G1, Guid S1, Guid A, Guid B, Guid D, Guid ItemD1, Guid ItemD2);

    /// <summary>区委会 D1 (36 points: 1 + 5 + 10 + 20), D2 (16), D3 (6); 市直基层组织 G1 (6); 专委会 S1 (1). Authors A, B
    /// (特约信息员), C, D (特约信息员), E, one item each.</summary>
    private async Task<Seeded> SeedAsync(string tenant)
    {
        var (d1, d2, d3, g1, s1) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenant, new UnitCreated(d1, "沙坪坝区委会", "district-committee"));
        await _kit.FeedAsync(tenant, new UnitCreated(d2, "九龙坡区委会", "district-committee"));
        await _kit.FeedAsync(tenant, new UnitCreated(d3, "江北区委会", "district-committee"));
        await _kit.FeedAsync(tenant, new UnitCreated(g1, "市直第一支部", "grassroots-organisation"));
        await _kit.FeedAsync(tenant, new UnitCreated(s1, "社会民生委员会", "special-committee"));
        var (a, b, c, d, e) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenant, new PersonRegistered(a, "刘飞龙", d1, ["member"], ["party-member"]));
        await _kit.FeedAsync(tenant, new PersonRegistered(b, "陈静", d2, ["member"], ["party-member", "special-officer"]));
        await _kit.FeedAsync(tenant, new PersonRegistered(d, "王芳", g1, ["member"], ["special-officer"]));
        var itemD1 = await ItemAsync(tenant, a, d1, "关于社区食堂的建议", AdoptionLevel.OwnBody, AdoptionLevel.ParentBody, AdoptionLevel.National);
        var itemD2 = await ItemAsync(tenant, b, d2, "关于养老服务的建议", AdoptionLevel.OwnBody, AdoptionLevel.ParentBody);
        await ItemAsync(tenant, c, d3, "关于停车的建议", AdoptionLevel.OwnBody);
        await ItemAsync(tenant, d, g1, "关于垃圾分类的建议", AdoptionLevel.OwnBody);
        await ItemAsync(tenant, e, s1, "关于民族团结的建议");
        return new Seeded(d1, d2, d3, g1, s1, a, b, d, itemD1, itemD2);
    }

    [Fact]
    public async Task Candidates_follow_the_default_criteria_and_a_change_of_criteria_changes_them()
    {
        var tenant = ScoringKit.NewTenant();
        var s = await SeedAsync(tenant);

        var awards = await CandidatesAsync(tenant);
        Assert.Equal([s.A.ToString()], Ids(awards["contribution"]));
        Assert.Equal([s.ItemD1.ToString(), s.ItemD2.ToString()], Ids(awards["excellent-information"]));
        Assert.Equal("关于社区食堂的建议", awards["excellent-information"][0].GetProperty("name").GetString());
        Assert.Equal([s.B.ToString()], Ids(awards["excellent-officer"]));
        Assert.Equal([(s.D1.ToString(), 1, "一等"), (s.D2.ToString(), 2, "二等")], awards["advanced-collective"]
            .Select(c => (c.GetProperty("id").GetString()!, c.GetProperty("tier").GetInt32(), c.GetProperty("tierName").GetString()!)));

        var assessed = await AssessmentsAsync(tenant);
        Assert.Equal(("合格", "合格", "不合格", "合格", "不合格"), (assessed[s.D1], assessed[s.D2], assessed[s.D3], assessed[s.G1], assessed[s.S1]));

        var criteria = (await _kit.Admin(tenant).GetFromJsonAsync<JsonElement>("/awards/criteria")).GetProperty("criteria");
        var changed = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(criteria.GetRawText())!;
        changed["contributionAward"] = JsonSerializer.SerializeToElement(new { top = 10, minPoints = 10 });
        changed["assessments"] = JsonSerializer.SerializeToElement(new[]
        {
            new { category = "district-committee", tiers = new[] { new { name = "优秀", minPoints = 30 }, new { name = "良好", minPoints = 15 } } },
        });
        var put = await PutCriteriaAsync(tenant, "\"0\"", changed);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        Assert.Equal([s.A.ToString(), s.B.ToString()], Ids((await CandidatesAsync(tenant))["contribution"]));
        assessed = await AssessmentsAsync(tenant);
        Assert.Equal(("优秀", "良好", "不合格"), (assessed[s.D1], assessed[s.D2], assessed[s.D3]));
        Assert.False(assessed.ContainsKey(s.G1));
        await (await PutCriteriaAsync(tenant, "\"0\"", changed)).ReadProblemAsync(412);
    }

    [Fact]
    public async Task A_decision_records_the_winners_the_candidates_and_the_criteria_used_and_whether_staff_changed_them()
    {
        var tenant = ScoringKit.NewTenant();
        var s = await SeedAsync(tenant);
        var staff = factory.ClientFor(tenant, ["staff-editor"]);

        var confirmed = await DecideAsync(staff, new { year = 2026, award = "advanced-collective", winners = new object[]
            { new { id = s.D1, tier = 1 }, new { id = s.D2, tier = 2 } }, note = "按积分确认" });
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
        var first = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((false, 0, 2), (first.GetProperty("changed").GetBoolean(), first.GetProperty("criteriaVersion").GetInt32(),
            first.GetProperty("candidates").GetArrayLength()));
        Assert.Equal(10m, first.GetProperty("criteria").GetProperty("collectives")[0].GetProperty("minPoints").GetDecimal());

        var changed = await (await DecideAsync(staff, new { year = 2026, award = "advanced-collective", winners = new object[]
            { new { id = s.D1, tier = 1 }, new { id = s.D3, tier = 3 } }, note = "江北区委会工作突出，经主席会议研究增补" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(changed.GetProperty("changed").GetBoolean());
        Assert.Equal([("沙坪坝区委会", "一等"), ("江北区委会", "三等")], changed.GetProperty("winners").EnumerateArray()
            .Select(w => (w.GetProperty("name").GetString()!, w.GetProperty("tierName").GetString()!)));

        var decisions = await staff.GetFromJsonAsync<JsonElement>("/awards/decisions?year=2026");
        Assert.Equal([changed.GetProperty("id").GetGuid(), first.GetProperty("id").GetGuid()],
            decisions.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));

        var person = await (await DecideAsync(staff, new { year = 2026, award = "contribution", winners = new object[] { new { id = s.A } } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("刘飞龙", false), (person.GetProperty("winners")[0].GetProperty("name").GetString(), person.GetProperty("changed").GetBoolean()));
    }

    [Fact]
    public async Task Naming_someone_who_is_not_a_candidate_needs_a_reason_and_is_recorded_as_changed_with_it()
    {
        var tenant = ScoringKit.NewTenant();
        var s = await SeedAsync(tenant);
        var staff = factory.ClientFor(tenant, ["staff-editor"]);
        object Body(string? note) => new { year = 2026, award = "advanced-collective", winners = new object[]
            { new { id = s.D1, tier = 1 }, new { id = s.D3, tier = 3 } }, note };

        foreach (var missing in new[] { null, "  " })
        {
            var problem = await (await DecideAsync(staff, Body(missing))).ReadProblemAsync(400);
            Assert.Contains("江北区委会", problem.GetProperty("errors").GetProperty("note")[0].GetString());
        }
        Assert.Empty((await staff.GetFromJsonAsync<JsonElement>("/awards/decisions?year=2026")).EnumerateArray());

        var recorded = await (await DecideAsync(staff, Body("经主席会议研究增补"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((true, "经主席会议研究增补"), (recorded.GetProperty("changed").GetBoolean(), recorded.GetProperty("note").GetString()));
        Assert.DoesNotContain(recorded.GetProperty("candidates").EnumerateArray(), c => c.GetProperty("id").GetString() == s.D3.ToString());
    }

    [Theory]
    [InlineData("{\"award\":\"contribution\",\"winners\":[]}", "year")]
    [InlineData("{\"year\":2026,\"award\":\"best-writer\",\"winners\":[]}", "award")]
    [InlineData("{\"year\":2026,\"award\":\"contribution\"}", "winners")]
    [InlineData("{\"year\":2026,\"award\":\"contribution\",\"winners\":[{\"id\":\"nope\"}]}", "winners[0].id")]
    [InlineData("{\"year\":2026,\"award\":\"contribution\",\"winners\":[{\"id\":\"5b7f8f52-1111-4a8a-9a0e-0c0c0c0c0c0c\"}]}", "winners[0].id")]
    public async Task A_bad_decision_is_a_400_naming_the_field_and_records_nothing(string body, string field)
    {
        var tenant = ScoringKit.NewTenant();
        var staff = factory.ClientFor(tenant, ["staff-editor"]);

        var problem = await (await staff.PostAsync("/awards/decisions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty((await staff.GetFromJsonAsync<JsonElement>("/awards/decisions?year=2026")).EnumerateArray());
    }

    [Fact]
    public async Task A_collective_needs_a_tier_and_a_person_award_takes_none()
    {
        var tenant = ScoringKit.NewTenant();
        var s = await SeedAsync(tenant);
        var staff = factory.ClientFor(tenant, ["staff-editor"]);

        var noTier = await (await DecideAsync(staff, new { year = 2026, award = "advanced-collective", winners = new object[] { new { id = s.D1 } } })).ReadProblemAsync(400);
        Assert.True(noTier.GetProperty("errors").TryGetProperty("winners[0].tier", out _));
        var tiered = await (await DecideAsync(staff, new { year = 2026, award = "contribution", winners = new object[] { new { id = s.A, tier = 1 } } })).ReadProblemAsync(400);
        Assert.True(tiered.GetProperty("errors").TryGetProperty("winners[0].tier", out _));
    }

    [Theory]
    [InlineData("contributionAward", "{\"top\":0,\"minPoints\":1}", "contributionAward.top")]
    [InlineData("collectives", "[{\"category\":\"teams\",\"first\":1,\"second\":1,\"third\":1,\"minPoints\":1}]", "collectives[0].category")]
    [InlineData("assessments", "[{\"category\":\"district-committee\",\"tiers\":[{\"name\":\"合格\",\"minPoints\":5},{\"name\":\"优秀\",\"minPoints\":50}]}]", "assessments[0].tiers")]
    public async Task Bad_criteria_are_a_400_naming_the_field_and_change_nothing(string property, string value, string field)
    {
        var tenant = ScoringKit.NewTenant();
        var criteria = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(
            (await _kit.Admin(tenant).GetFromJsonAsync<JsonElement>("/awards/criteria")).GetProperty("criteria").GetRawText())!;
        criteria[property] = JsonDocument.Parse(value).RootElement;

        var problem = await (await PutCriteriaAsync(tenant, "\"0\"", criteria)).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal("\"0\"", (await _kit.Admin(tenant).GetAsync("/awards/criteria")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Only_the_tenant_admin_sets_criteria_members_read_no_candidates_and_tenant_B_sees_nothing_of_A()
    {
        var (tenantA, tenantB) = (ScoringKit.NewTenant(), ScoringKit.NewTenant());
        var s = await SeedAsync(tenantA);
        var request = new HttpRequestMessage(HttpMethod.Put, "/awards/criteria") { Content = JsonContent.Create(new { }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientFor(tenantA, ["staff-editor"]).SendAsync(request)).StatusCode);
        var member = factory.ClientFor(tenantA, ["member"], s.A);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/awards/candidates?year=2026")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/assessments?year=2026")).StatusCode);

        Assert.All((await CandidatesAsync(tenantB)).Values, c => Assert.Empty(c));
        Assert.Empty(await AssessmentsAsync(tenantB));
        var staffB = factory.ClientFor(tenantB, ["staff-editor"]);
        var problem = await (await DecideAsync(staffB, new { year = 2026, award = "advanced-collective", winners = new object[] { new { id = s.D1, tier = 1 } } }))
            .ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("winners[0].id", out _));
        await (await DecideAsync(staffB, new { year = 2026, award = "excellent-information", winners = new object[] { new { id = s.ItemD1 } } })).ReadProblemAsync(400);
    }

    private async Task<Guid> ItemAsync(string tenant, Guid author, Guid unit, string title, params AdoptionLevel[] levels)
    {
        var item = Guid.NewGuid();
        AuthorShare[] authors = [new(author, 1, 1m)];
        UnitShare[] units = [new(unit, 1m)];
        await _kit.FeedAsync(tenant, new SubmissionSubmitted(item, title, author, unit, In2026, authors, units, Sequence: 1));
        foreach (var level in levels)
            await _kit.FeedAsync(tenant, new SubmissionAdopted(item, Guid.NewGuid(), level, author, unit, In2026.AddDays(7), 1, authors, units));
        return item;
    }

    private async Task<Dictionary<string, List<JsonElement>>> CandidatesAsync(string tenant)
    {
        var view = await _kit.Client(tenant).GetFromJsonAsync<JsonElement>("/awards/candidates?year=2026");
        return view.GetProperty("awards").EnumerateArray().ToDictionary(a => a.GetProperty("award").GetString()!,
            a => a.GetProperty("candidates").EnumerateArray().ToList());
    }

    private async Task<Dictionary<Guid, string>> AssessmentsAsync(string tenant) =>
        (await _kit.Client(tenant).GetFromJsonAsync<JsonElement>("/assessments?year=2026")).GetProperty("units").EnumerateArray()
            .ToDictionary(u => u.GetProperty("unitId").GetGuid(), u => u.GetProperty("tier").GetString()!);

    private static List<string> Ids(List<JsonElement> candidates) => [.. candidates.Select(c => c.GetProperty("id").GetString()!)];

    private Task<HttpResponseMessage> PutCriteriaAsync(string tenant, string ifMatch, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/awards/criteria") { Content = JsonContent.Create(body, options: ScoringKit.Json) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return _kit.Admin(tenant).SendAsync(request);
    }

    private static Task<HttpResponseMessage> DecideAsync(HttpClient client, object body) => client.PostAsJsonAsync("/awards/decisions", body, ScoringKit.Json);
}
