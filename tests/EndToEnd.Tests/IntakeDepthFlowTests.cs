using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>
/// Issue 10's "done when", through the real gateway with real tokens: a solicitation (约稿) to a professional group,
/// two claims, a co-authored answer converted from a clue sent to the writer's card, two edits (versions and diff), a
/// partner's item for a reporting point, a near-duplicate flagged with a score, Chinese search, and a 主席直通车 item
/// that staff without the right cannot see.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IntakeDepthFlowTests(PlatformFixture platform)
{
    private static readonly Guid LiuFeilong = new("0e5b1c2a-0002-4000-8000-000000000004");
    private static readonly Guid ChenJing = new("0e5b1c2a-0002-4000-8000-000000000005");
    private static readonly Guid ZhangMing = new("0e5b1c2a-0002-4000-8000-000000000001");
    private static readonly Guid LiHua = new("0e5b1c2a-0002-4000-8000-000000000002");
    private static readonly Guid ZhaoQiang = new("0e5b1c2a-0002-4000-8000-000000000006");
    private static readonly Guid MjDistrictCommittee = new("0e5b1c2a-0001-4000-8000-000000000003");
    private static readonly Guid SpbReportingPoint = new("0e5b1c2a-0001-4000-8000-000000000002");

    private static string Today(int days = 0) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(days).ToString("yyyy-MM-dd");

    [Fact]
    public async Task A_solicitation_to_a_professional_group_is_claimed_and_answered_by_a_co_authored_item_from_a_clue()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var admin = await platform.SignedInAsync("mj-admin");
        var liu = await platform.SignedInAsync("liufeilong");
        var chen = await platform.SignedInAsync("chenjing");

        // 社会民生组: a professional group with 刘飞龙 and 陈静, known to intake once people announced it.
        var group = await CreatedIdAsync(admin, "/api/people/units",
            new { name = $"社会民生组 {marker}", category = "professional-group", parentId = MjDistrictCommittee });
        foreach (var person in new[] { LiuFeilong, ChenJing })
            await CreatedIdAsync(admin, $"/api/people/persons/{person}/memberships", new { unitId = group, role = "组员", startsOn = Today() });
        await FlowTests.EventuallyAsync(() => platform.OwnerScalarAsync<long>("intakedb",
            "SELECT count(*) FROM directory_memberships WHERE unit_id = @u", ("u", group)), c => c == 2, "the group's memberships known to intake");

        // The office issues the solicitation to the group; both members claim it.
        var solicitation = await CreatedIdAsync(admin, "/api/intake/solicitations", new
        {
            title = $"关于养老服务的约稿 {marker}", brief = "请围绕社区养老、老年食堂等问题撰写社情民意信息", targetUnitIds = new[] { group },
            deadline = Today(21), bonus = 5,
        });
        foreach (var member in new[] { liu, chen })
        {
            var listed = await FlowTests.GetJsonAsync(member, "/api/intake/solicitations?pageSize=100");
            Assert.Contains(listed.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetGuid() == solicitation);
            var claim = await member.PostAsync($"/api/intake/solicitations/{solicitation}/claim", null);
            Assert.True(claim.IsSuccessStatusCode, $"claim: {(int)claim.StatusCode} {await claim.Content.ReadAsStringAsync()}");
        }

        // A resident sends a clue through 刘飞龙's card; he converts it into a draft with co-author 陈静, answering the solicitation.
        var issued = await admin.PostAsync($"/api/people/persons/{LiuFeilong}/card", null);
        if (issued.StatusCode == HttpStatusCode.Conflict) issued = await admin.GetAsync($"/api/people/persons/{LiuFeilong}/card");
        Assert.True(issued.IsSuccessStatusCode, $"card: {(int)issued.StatusCode}");
        var cardPath = new Uri((await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("publicUrl").GetString()!).AbsolutePath;
        var clueText = $"我们小区的老年食堂开张半年就停了，老人吃饭又成了难题 {marker}";
        Assert.Equal(HttpStatusCode.Accepted, (await platform.Anonymous().PostAsJsonAsync(cardPath, new { text = clueText, contact = "13900000001" })).StatusCode);
        var clues = await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(liu, "/api/intake/clues?status=new&pageSize=200"),
            c => c.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("text").GetString() == clueText), "the clue in 刘飞龙's inbox");
        var clue = clues.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("text").GetString() == clueText).GetProperty("id").GetGuid();
        var converted = await liu.PostAsJsonAsync($"/api/intake/clues/{clue}/convert", new
        {
            title = $"关于社区老年食堂持续运营的建议 {marker}", type = "work-suggestion", coAuthorPersonIds = new[] { ChenJing },
            unitId = MjDistrictCommittee, solicitationId = solicitation,
        });
        Assert.True(converted.StatusCode == HttpStatusCode.Created, $"convert: {(int)converted.StatusCode} {await converted.Content.ReadAsStringAsync()}");
        var draft = (await converted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submission");
        var item = draft.GetProperty("id").GetGuid();
        Assert.Equal("clue", draft.GetProperty("provenance").GetProperty("channel").GetString());
        Assert.Equal(clue, draft.GetProperty("provenance").GetProperty("clueId").GetGuid());
        Assert.Equal([LiuFeilong, ChenJing], draft.GetProperty("authorPersonIds").EnumerateArray().Select(a => a.GetGuid()).ToArray());
        Assert.Equal(solicitation, draft.GetProperty("solicitationId").GetGuid());
        // 陈静, a co-author, sees it too.
        Assert.Equal(HttpStatusCode.OK, (await chen.GetAsync($"/api/intake/submissions/{item}")).StatusCode);

        // Two edits: versions 2 and 3, and the diff between 1 and 3 shows what was written.
        string[] bodies =
        [
            $"{clueText}。建议街道对老年食堂给予运营补贴。",
            $"{clueText}。建议街道对老年食堂给予运营补贴，并引入社会力量参与经营。",
        ];
        foreach (var (body, i) in bodies.Select((b, i) => (b, i)))
        {
            var edit = await Preconditions.SendAsync(liu, HttpMethod.Put, $"/api/intake/submissions/{item}",
                new { title = $"关于社区老年食堂持续运营的建议 {marker}", body, type = "work-suggestion", reason = $"第{i + 1}次修改" },
                await Preconditions.ETagAsync(liu, $"/api/intake/submissions/{item}"));
            Assert.True(edit.StatusCode == HttpStatusCode.OK, $"edit {i + 1}: {(int)edit.StatusCode} {await edit.Content.ReadAsStringAsync()}");
        }
        var versions = await FlowTests.GetJsonAsync(liu, $"/api/intake/submissions/{item}/versions");
        Assert.Equal([3, 2, 1], versions.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()).ToArray());
        Assert.Equal("第2次修改", versions.GetProperty("items")[0].GetProperty("reason").GetString());
        var diff = await FlowTests.GetJsonAsync(chen, $"/api/intake/submissions/{item}/diff?from=1&to=3");
        var inserted = string.Concat(diff.GetProperty("body").GetProperty("segments").EnumerateArray()
            .Where(s => s.GetProperty("op").GetString() == "insert").Select(s => s.GetProperty("text").GetString()));
        Assert.Contains("引入社会力量参与经营", inserted);
        Assert.True(diff.GetProperty("inserted").GetInt32() >= "。建议街道对老年食堂给予运营补贴，并引入社会力量参与经营。".Length);

        // Submitted, the item answers the solicitation: the office sees 2 claimed, 1 submitted.
        Assert.Equal(HttpStatusCode.OK, (await Preconditions.SubmitAsync(liu, item)).StatusCode);
        var progress = (await FlowTests.GetJsonAsync(admin, $"/api/intake/solicitations/{solicitation}")).GetProperty("progress");
        Assert.Equal(2, progress.GetProperty("claimed").GetInt32());
        Assert.Equal(1, progress.GetProperty("submitted").GetInt32());
        Assert.Equal(item, progress.GetProperty("answers")[0].GetProperty("id").GetGuid());
        // The clue is converted, pointing at the item.
        var clueNow = await FlowTests.GetJsonAsync(liu, $"/api/intake/clues/{clue}");
        Assert.Equal("converted", clueNow.GetProperty("status").GetString());
        Assert.Equal(item, clueNow.GetProperty("submissionId").GetGuid());
    }

    [Fact]
    public async Task A_partners_reporting_point_item_keeps_its_provenance_is_flagged_as_a_near_duplicate_and_found_by_search()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var zhang = await platform.SignedInAsync("zhangming");
        var staff = await platform.SignedInAsync("wangfang");
        var partner = await platform.PartnerAsync("intake.submit intake.read");

        const string body = "磁器口街道多个小区的老年食堂因缺少运营补贴难以为继，老人就餐不便，建议区里统一制定老年食堂运营补贴标准，并鼓励社会力量参与。";
        var earlier = await CreatedIdAsync(zhang, "/api/intake/submissions",
            new { title = $"关于老年食堂运营补贴的建议 {marker}", body, authorPersonId = ZhangMing, unitId = PlatformFixture.SpbEconomyCommittee });
        Assert.Equal(HttpStatusCode.OK, (await Preconditions.SubmitAsync(zhang, earlier)).StatusCode);

        // The partner (spb-oa) sends an item collected by 磁器口街道信息站: provenance keeps the point and the client.
        var created = await partner.PostAsJsonAsync("/api/intake/submissions", new
        {
            title = $"老年食堂运营补贴亟待统一 {marker}", body = body.Replace("建议区里", "建议区政府"), authorPersonId = LiHua, unitId = SpbReportingPoint,
            channel = "reporting-point", reportingPointId = SpbReportingPoint,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"partner create: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var item = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Preconditions.SubmitAsync(partner, item)).StatusCode);
        var provenance = (await FlowTests.GetJsonAsync(staff, $"/api/intake/submissions/{item}")).GetProperty("provenance");
        Assert.Equal("reporting-point", provenance.GetProperty("channel").GetString());
        Assert.Equal(SpbReportingPoint, provenance.GetProperty("reportingPointId").GetGuid());
        Assert.Equal("spb-oa", provenance.GetProperty("partnerClientId").GetString());

        // The reviewer sees the earlier item as a near-duplicate, with a score; a member may not ask.
        // (computed a moment after the submit, by intake's consumer of its own SubmissionSubmitted)
        var similar = await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(staff, $"/api/intake/submissions/{item}/similar"),
            s => s.TryGetProperty("computedAt", out var at) && at.ValueKind == JsonValueKind.String, "near-duplicates computed");
        var match = similar.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == earlier);
        Assert.InRange(match.GetProperty("score").GetDouble(), 0.5, 1.0);
        Assert.Equal(HttpStatusCode.Forbidden, (await zhang.GetAsync($"/api/intake/submissions/{item}/similar")).StatusCode);

        // A Chinese phrase finds both.
        var found = await FlowTests.GetJsonAsync(staff, $"/api/intake/submissions?q={Uri.EscapeDataString("老年食堂运营补贴")}&pageSize=200");
        var ids = found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(earlier, ids);
        Assert.Contains(item, ids);
    }

    [Fact]
    public async Task A_chair_direct_item_is_invisible_to_staff_the_settings_do_not_name()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var admin = await platform.SignedInAsync("spb-admin");
        var zhang = await platform.SignedInAsync("zhangming");
        var staff = await platform.SignedInAsync("wangfang");
        var chair = await platform.SignedInAsync("zhaoqiang");

        // The settings name 赵强 as the chair and no staff.
        var put = await Preconditions.SendAsync(admin, HttpMethod.Put, "/api/intake/settings/chair-channel",
            new { chairPersonIds = new[] { ZhaoQiang }, staffPersonIds = Array.Empty<Guid>(), replyDays = 10 },
            await Preconditions.ETagAsync(admin, "/api/intake/settings/chair-channel"));
        Assert.True(put.StatusCode == HttpStatusCode.OK, $"settings: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");

        var item = await CreatedIdAsync(zhang, "/api/intake/submissions", new
        {
            title = $"关于重大项目征地补偿的紧急情况 {marker}", body = "主席直通车：涉及群众切身利益，请主席阅示。", authorPersonId = ZhangMing,
            unitId = PlatformFixture.SpbEconomyCommittee, channel = "chair-direct",
        });
        Assert.Equal(HttpStatusCode.OK, (await Preconditions.SubmitAsync(zhang, item)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/intake/submissions/{item}")).StatusCode);
        Assert.DoesNotContain(item.ToString(), await staff.GetStringAsync("/api/intake/submissions?pageSize=200"), StringComparison.OrdinalIgnoreCase);
        var seen = await FlowTests.GetJsonAsync(chair, $"/api/intake/submissions/{item}");
        Assert.Equal("chair-direct", seen.GetProperty("provenance").GetProperty("channel").GetString());
        Assert.NotEqual(JsonValueKind.Null, seen.GetProperty("provenance").GetProperty("replyDueOn").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await zhang.GetAsync($"/api/intake/submissions/{item}")).StatusCode);
    }

    private static async Task<Guid> CreatedIdAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
