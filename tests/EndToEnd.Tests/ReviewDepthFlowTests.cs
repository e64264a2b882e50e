using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>
/// Issue 11's seed flow, through the real gateway with real tokens: a co-authored item answering a
/// solicitation goes through a two-stage workflow 沙坪坝区政协 defined, with the 五关 checklist and named reviewers at
/// each stage; an editor polishes it and its writers see the diff; the district adopts it onto the adoption ladder,
/// once; forwards it to 重庆市政协, which adopts its copy; records 全国政协's adoption with
/// evidence and a municipal leader's 批示; both writers are credited by share at every level. Each tenant sees only its part.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ReviewDepthFlowTests(PlatformFixture platform)
{
    private static readonly Guid ZhangMing = new("0e5b1c2a-0002-4000-8000-000000000001");
    private static readonly Guid LiHua = new("0e5b1c2a-0002-4000-8000-000000000002");
    private static readonly Guid WangFang = new("0e5b1c2a-0002-4000-8000-000000000003");
    private static readonly Guid ZhaoQiang = new("0e5b1c2a-0002-4000-8000-000000000006");

    private static readonly string[] Checks = ["political", "policy", "facts", "format", "text"];

    private static string Today(int days = 0) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(days).ToString("yyyy-MM-dd");

    [Fact]
    public async Task A_co_authored_answer_passes_a_tenant_workflow_with_checklists_and_is_adopted_once_onto_the_ladder()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var admin = await platform.SignedInAsync("spb-admin");
        var zhang = await platform.SignedInAsync("zhangming");
        var li = await platform.SignedInAsync("lihua");
        var editor = await platform.SignedInAsync("wangfang");
        var leader = await platform.SignedInAsync("zhaoqiang");
        var party = await platform.SignedInAsync("mj-admin");

        // 沙坪坝 runs a two-stage workflow of its own for new cases: 初审 by 王芳, 审定 by 赵强, each with the checklist.
        var before = await FlowTests.GetJsonAsync(admin, "/api/review/workflow");
        try
        {
            var put = await Preconditions.SendAsync(admin, HttpMethod.Put, "/api/review/workflow", new
            {
                stages = new object[]
                {
                    new { name = "初审", role = "staff-editor", reviewerPersonIds = new[] { WangFang }, timeLimitDays = 5, checklistRequired = true },
                    new { name = "审定", role = "leader", reviewerPersonIds = new[] { ZhaoQiang }, timeLimitDays = 3, checklistRequired = true },
                },
            }, await Preconditions.ETagAsync(admin, "/api/review/workflow"));
            Assert.True(put.StatusCode == HttpStatusCode.OK, $"workflow: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");

            var (item, caseId, title) = await RunLadderAsync(marker, zhang, li, editor, leader, party);
            await ForwardToTheCityAsync(item, caseId, title, editor, party);
            await RecordNationalAdoptionAndInstructionAsync(item, editor, party);
        }
        finally
        {
            // The other flows expect the district's three stages: put them back as a new version.
            await Preconditions.SendAsync(admin, HttpMethod.Put, "/api/review/workflow",
                new { stages = before.GetProperty("stages").EnumerateArray().Select(s => new
                {
                    name = s.GetProperty("name").GetString(), role = s.GetProperty("role").GetString(),
                    timeLimitDays = s.GetProperty("timeLimitDays").GetInt32(), checklistRequired = s.GetProperty("checklistRequired").GetBoolean(),
                }).ToArray() },
                await Preconditions.ETagAsync(admin, "/api/review/workflow"));
        }
    }

    private async Task<(Guid Item, Guid CaseId, string Title)> RunLadderAsync(string marker, HttpClient zhang, HttpClient li, HttpClient editor, HttpClient leader, HttpClient party)
    {
        // The office asks 张明 and 李华 for an item (约稿); 张明 writes it with 李华 and submits it answering the request.
        var solicitation = await CreatedIdAsync(editor, "/api/intake/solicitations", new
        {
            title = $"关于老旧小区改造的约稿 {marker}", brief = "请围绕老旧小区加装电梯撰写社情民意信息",
            targetPersonIds = new[] { ZhangMing, LiHua }, deadline = Today(14), bonus = 5,
        });
        Assert.True((await zhang.PostAsync($"/api/intake/solicitations/{solicitation}/claim", null)).IsSuccessStatusCode, "张明 claims");
        var title = $"关于加快老旧小区加装电梯的建议 {marker}";
        var item = await CreatedIdAsync(zhang, "/api/intake/submissions", new
        {
            title, body = $"老旧小区加装电梯进展缓慢，协调难、资金难。建议简化审批流程。{marker}", authorPersonId = ZhangMing,
            unitId = PlatformFixture.SpbEconomyCommittee, solicitationId = solicitation,
        });
        var authors = await Preconditions.SendAsync(zhang, HttpMethod.Put, $"/api/intake/submissions/{item}/authors",
            new { authorPersonIds = new[] { ZhangMing, LiHua }, unitId = PlatformFixture.SpbEconomyCommittee },
            await Preconditions.ETagAsync(zhang, $"/api/intake/submissions/{item}"));
        Assert.True(authors.IsSuccessStatusCode, $"authors: {(int)authors.StatusCode} {await authors.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.OK, (await Preconditions.SubmitAsync(zhang, item)).StatusCode);

        // Review opened a case in the two-stage workflow, crediting both writers half each.
        var caseId = (await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(editor, $"/api/review/cases?submissionId={item}"),
            c => c.GetProperty("items").GetArrayLength() == 1, "the district's case")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var opened = await FlowTests.GetJsonAsync(editor, $"/api/review/cases/{caseId}");
        Assert.Equal("初审", opened.GetProperty("stage").GetString());
        Assert.Equal([ZhangMing, LiHua], opened.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("personId").GetGuid()).ToArray());
        Assert.All(opened.GetProperty("authors").EnumerateArray(), a => Assert.Equal(0.5m, a.GetProperty("share").GetDecimal()));

        // 初审: passing without the checklist is refused; the editor polishes a sentence, marks the five checks, passes.
        var early = await Preconditions.DecideAsync(editor, caseId, new { action = "pass" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("checklist-incomplete", await early.Content.ReadAsStringAsync());
        var polished = await Preconditions.SendAsync(editor, HttpMethod.Post, $"/api/intake/submissions/{item}/polish", new
        {
            title, body = $"老旧小区加装电梯进展缓慢，主要是协调难、资金难。建议简化审批流程，设立专项补助资金。{marker}", reason = "补充建议，理顺文字",
        }, await Preconditions.ETagAsync(editor, $"/api/intake/submissions/{item}"));
        Assert.True(polished.IsSuccessStatusCode, $"polish: {(int)polished.StatusCode} {await polished.Content.ReadAsStringAsync()}");
        // Review learns of the new version (SubmissionEdited), which changes the case and its ETag.
        await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(editor, $"/api/review/cases/{caseId}"),
            c => c.GetProperty("contentVersion").GetInt32() >= 2, "the case at the polished version");
        await MarkChecklistAsync(editor, caseId);
        Assert.Equal(HttpStatusCode.OK, (await Preconditions.DecideAsync(editor, caseId, new { action = "pass" })).StatusCode);

        // Both writers see what the editor changed.
        foreach (var writer in new[] { zhang, li })
        {
            var changes = await FlowTests.GetJsonAsync(writer, $"/api/intake/submissions/{item}/editor-changes");
            var inserted = string.Concat(changes.GetProperty("items")[0].GetProperty("body").GetProperty("segments").EnumerateArray()
                .Where(s => s.GetProperty("op").GetString() == "insert").Select(s => s.GetProperty("text").GetString()));
            Assert.Contains("设立专项补助资金", inserted);
        }

        // 审定: only 赵强 may decide; he marks the checks and adopts it for the district (本级采用).
        var atFinal = await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(leader, $"/api/review/cases/{caseId}"),
            c => c.GetProperty("stage").GetString() == "审定", "the case at 审定");
        Assert.True(atFinal.GetProperty("contentVersion").GetInt32() >= 2, "the case shows the polished version");
        Assert.Equal(HttpStatusCode.Forbidden, (await Preconditions.DecideAsync(editor, caseId, new { action = "adopt", adoptionLevel = "own-body" })).StatusCode);
        await MarkChecklistAsync(leader, caseId);
        var adopted = await Preconditions.DecideAsync(leader, caseId, new { action = "adopt", adoptionLevel = "own-body" });
        Assert.True(adopted.StatusCode == HttpStatusCode.OK, $"adopt: {(int)adopted.StatusCode} {await adopted.Content.ReadAsStringAsync()}");
        var checklists = (await FlowTests.GetJsonAsync(editor, $"/api/review/cases/{caseId}")).GetProperty("checklists");
        Assert.Equal(2, checklists.GetArrayLength());

        // The adoption ladder holds the district's own-body record, crediting both writers.
        var ladder = (await FlowTests.GetJsonAsync(editor, $"/api/review/submissions/{item}/adoptions")).GetProperty("adoptions");
        var own = Assert.Single(ladder.EnumerateArray());
        Assert.Equal("own-body", own.GetProperty("level").GetString());
        Assert.Equal("decision", own.GetProperty("source").GetString());
        Assert.Equal([ZhangMing, LiHua], own.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("personId").GetGuid()).ToArray());
        // The same level cannot be recorded twice.
        Assert.Equal(HttpStatusCode.Conflict, (await Preconditions.DecideAsync(leader, caseId, new { action = "adopt", adoptionLevel = "own-body" })).StatusCode);
        // Intake shows the writers their item adopted.
        await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(li, $"/api/intake/submissions/{item}"),
            s => s.GetProperty("status").GetString() == "adopted", "the item adopted in intake");

        // Another tenant (民建重庆市委) sees neither the case nor its ladder.
        Assert.Equal(HttpStatusCode.NotFound, (await party.GetAsync($"/api/review/cases/{caseId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await party.GetAsync($"/api/review/submissions/{item}/adoptions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Preconditions.SendAsync(party, HttpMethod.Put, $"/api/review/cases/{caseId}/checklist",
            new { checks = Checks.Select(c => new { item = c, passed = true, comment = "通过" }).ToArray() }, "\"1\"")).StatusCode);
        Assert.DoesNotContain(title, await party.GetStringAsync("/api/intake/submissions?pageSize=200"));
        return (item, caseId, title);
    }

    /// <summary>
    /// 转报: the district forwards the adopted item to 重庆市政协, which receives a linked copy in its own intake, reviews
    /// it in its own (default) workflow and adopts it; the adoption comes back onto the original's ladder at the
    /// parent-body level. Each body sees only its own copy and the link.
    /// </summary>
    private async Task ForwardToTheCityAsync(Guid item, Guid caseId, string title, HttpClient editor, HttpClient party)
    {
        var forwarded = await Preconditions.SendAsync(editor, HttpMethod.Post, $"/api/review/cases/{caseId}/forward",
            new { note = "建议市政协采用" }, await Preconditions.ETagAsync(editor, $"/api/review/cases/{caseId}"));
        Assert.True(forwarded.StatusCode == HttpStatusCode.OK, $"forward: {(int)forwarded.StatusCode} {await forwarded.Content.ReadAsStringAsync()}");
        var forwarding = await forwarded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cq-zx", forwarding.GetProperty("parentTenantId").GetString());
        // Forwarded once: a second forward is refused.
        Assert.Equal(HttpStatusCode.Conflict, (await Preconditions.SendAsync(editor, HttpMethod.Post, $"/api/review/cases/{caseId}/forward",
            new { }, await Preconditions.ETagAsync(editor, $"/api/review/cases/{caseId}"))).StatusCode);

        // 重庆市政协 finds the copy in its own review, linked to the district's item, and takes it through its stages.
        var cityEditor = await platform.SignedInAsync("cq-editor");
        var cityLeader = await platform.SignedInAsync("cq-leader");
        var copyCase = await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(cityEditor, "/api/review/cases?status=open&pageSize=200"),
            page => page.GetProperty("items").EnumerateArray().Any(c => c.GetProperty("title").GetString() == title), "the city's copy");
        var copyCaseId = copyCase.GetProperty("items").EnumerateArray().First(c => c.GetProperty("title").GetString() == title).GetProperty("id").GetGuid();
        var copy = await FlowTests.GetJsonAsync(cityEditor, $"/api/review/cases/{copyCaseId}");
        Assert.Equal("spb-zx", copy.GetProperty("origin").GetProperty("tenantId").GetString());
        Assert.Equal(item, copy.GetProperty("origin").GetProperty("submissionId").GetGuid());
        Assert.Empty(copy.GetProperty("authors").EnumerateArray()); // the city credits nobody of its own for a copy
        var copyItem = copy.GetProperty("submissionId").GetGuid();
        var copyInIntake = await FlowTests.GetJsonAsync(cityEditor, $"/api/intake/submissions/{copyItem}");
        Assert.Equal(title, copyInIntake.GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Preconditions.DecideAsync(cityEditor, copyCaseId, new { action = "pass" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Preconditions.DecideAsync(cityEditor, copyCaseId, new { action = "pass" })).StatusCode);
        var cityAdopted = await Preconditions.DecideAsync(cityLeader, copyCaseId, new { action = "adopt", adoptionLevel = "own-body" });
        Assert.True(cityAdopted.StatusCode == HttpStatusCode.OK, $"city adopt: {(int)cityAdopted.StatusCode} {await cityAdopted.Content.ReadAsStringAsync()}");

        // The city's adoption comes back: the district's forwarding shows it, its ladder has the parent-body level.
        var ladder = await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(editor, $"/api/review/submissions/{item}/adoptions"),
            l => l.GetProperty("adoptions").GetArrayLength() == 2, "the parent-body adoption on the district's ladder");
        var parentLevel = ladder.GetProperty("adoptions")[1];
        Assert.Equal("parent-body", parentLevel.GetProperty("level").GetString());
        Assert.Equal("forwarded", parentLevel.GetProperty("source").GetString());
        Assert.Equal([ZhangMing, LiHua], parentLevel.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("personId").GetGuid()).ToArray());
        var forwardings = await FlowTests.GetJsonAsync(editor, "/api/review/forwardings?pageSize=200");
        Assert.Equal("adopted", forwardings.GetProperty("items").EnumerateArray()
            .Single(f => f.GetProperty("submissionId").GetGuid() == item).GetProperty("status").GetString());

        // Each body sees only its own copy: the district not the city's case or copy, the city not the district's.
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/api/review/cases/{copyCaseId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/api/intake/submissions/{copyItem}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cityEditor.GetAsync($"/api/review/cases/{caseId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cityEditor.GetAsync($"/api/intake/submissions/{item}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await party.GetAsync($"/api/review/cases/{copyCaseId}")).StatusCode);
    }

    /// <summary>
    /// 全国政协 adopted the item (outside the platform): the office records it with the publication, issue, day and a
    /// scanned notice; a municipal leader's 批示 follows. Both writers are credited by share for every level and the
    /// instruction; another tenant can read none of it, not even the evidence file.
    /// </summary>
    private static async Task RecordNationalAdoptionAndInstructionAsync(Guid item, HttpClient editor, HttpClient party)
    {
        var notice = "%PDF-1.4\n%采用通知\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(notice);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(part, "file", "全国政协采用通知.pdf");
        var uploaded = await editor.PostAsync("/api/review/files", form);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, $"upload: {(int)uploaded.StatusCode} {await uploaded.Content.ReadAsStringAsync()}");
        var fileId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(notice, await editor.GetByteArrayAsync($"/api/review/files/{fileId}"));

        var national = await editor.PostAsJsonAsync($"/api/review/submissions/{item}/adoptions", new
        {
            level = "national", publicationName = "全国政协《社情民意》", issue = "2026年第30期", adoptedOn = Today(), evidenceFileId = fileId,
        });
        Assert.True(national.StatusCode == HttpStatusCode.Created || national.StatusCode == HttpStatusCode.OK,
            $"national adoption: {(int)national.StatusCode} {await national.Content.ReadAsStringAsync()}");
        var ladder = (await FlowTests.GetJsonAsync(editor, $"/api/review/submissions/{item}/adoptions")).GetProperty("adoptions");
        Assert.Equal(["own-body", "parent-body", "national"], ladder.EnumerateArray().Select(a => a.GetProperty("level").GetString()).ToArray());
        var top = ladder[2];
        Assert.Equal(("recorded", "全国政协《社情民意》", "2026年第30期", fileId), (top.GetProperty("source").GetString(),
            top.GetProperty("publicationName").GetString(), top.GetProperty("issue").GetString(), top.GetProperty("evidenceFileId").GetGuid()));

        var instructed = await editor.PostAsJsonAsync($"/api/review/submissions/{item}/instructions", new
        {
            leaderTitle = "重庆市副市长", level = "municipal", nature = "肯定性", instructedOn = Today(), summary = "建议很好，请市住房城乡建委研究落实。",
        });
        Assert.True(instructed.StatusCode == HttpStatusCode.Created || instructed.StatusCode == HttpStatusCode.OK,
            $"instruction: {(int)instructed.StatusCode} {await instructed.Content.ReadAsStringAsync()}");
        var instructionId = (await instructed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Scoring: each writer half of every level (own 5, city 10, national 20), of the 约稿 bonus (5, the item answers a
        // solicitation) and of the municipal 批示 (10).
        foreach (var writer in new[] { ZhangMing, LiHua })
        {
            var levels = await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(editor, $"/api/scoring/ledger?sourceId={item}&personId={writer}"),
                l => l.GetProperty("total").GetInt32() == 5, "the item's five entries for each writer");
            var points = levels.GetProperty("items").EnumerateArray().ToDictionary(e => e.GetProperty("reason").GetString()!, e => e.GetProperty("points").GetDecimal());
            Assert.Equal(new Dictionary<string, decimal>
            {
                ["submitted"] = 0.5m, ["adopted-own-body"] = 2.5m, ["solicitation-bonus"] = 2.5m, ["adopted-parent-body"] = 5m,
                ["adopted-national"] = 10m,
            }, points);
            var instruction = await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(editor, $"/api/scoring/ledger?sourceId={instructionId}&personId={writer}"),
                l => l.GetProperty("total").GetInt32() == 1, "the instruction's entry for each writer");
            Assert.Equal(("instruction-municipal", 5m), (instruction.GetProperty("items")[0].GetProperty("reason").GetString(),
                instruction.GetProperty("items")[0].GetProperty("points").GetDecimal()));
        }

        // 民建 reads none of it.
        Assert.Equal(HttpStatusCode.NotFound, (await party.GetAsync($"/api/review/files/{fileId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await party.GetAsync($"/api/review/submissions/{item}/instructions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await party.PostAsJsonAsync($"/api/review/submissions/{item}/instructions", new
        {
            leaderTitle = "某领导", level = "district", nature = "肯定性", instructedOn = Today(), summary = "越权",
        })).StatusCode);
    }

    private static async Task MarkChecklistAsync(HttpClient reviewer, Guid caseId)
    {
        var marked = await Preconditions.SendAsync(reviewer, HttpMethod.Put, $"/api/review/cases/{caseId}/checklist",
            new { checks = Checks.Select(c => new { item = c, passed = true, comment = "通过" }).ToArray() },
            await Preconditions.ETagAsync(reviewer, $"/api/review/cases/{caseId}"));
        Assert.True(marked.StatusCode == HttpStatusCode.OK, $"checklist: {(int)marked.StatusCode} {await marked.Content.ReadAsStringAsync()}");
    }

    private static async Task<Guid> CreatedIdAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
