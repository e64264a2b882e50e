using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>
/// Issue 13's done-when for feedback, through the real gateway with real tokens: a co-authored item adopted by 沙坪坝 is
/// assigned to 区民政局 (lead, whose system spb-mzj acts for it) and a co-handling department; 区民政局 replies with
/// category B, a writer rates 不满意, it reopens, the second reply is A and rated 满意 — and both co-authors' inboxes
/// show every step of the item, in order, in Chinese, unread until they mark them; and 沙坪坝's OA system (spb-oa, scope
/// review.read), whose endpoint the tenant admin registered for the handling events, received each step's signed event
/// exactly once, and a replayed delivery came again under the same webhook-id (the receiver deduplicates it). The lead
/// and the co-handling department read the notices of the steps that concern them, and no other department any.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FeedbackFlowTests(PlatformFixture platform)
{
    private static readonly Guid ZhangMing = new("0e5b1c2a-0002-4000-8000-000000000001");
    private static readonly Guid LiHua = new("0e5b1c2a-0002-4000-8000-000000000002");
    /// <summary>区民政局, 沙坪坝's demo department (review's demo data), which the department client spb-mzj acts for.</summary>
    private static readonly Guid SpbCivilAffairs = new("0e5b1c2a-0009-4000-8000-000000000001");

    private static readonly string[] Story =
        ["stage-passed", "stage-passed", "adopted", "assigned", "handling-accepted", "replied", "reopened", "replied", "rated"];

    /// <summary>The webhooks of the flow, per event type: submitted once, adopted once, assigned once, three status
    /// changes (accepted, reopened, closed), two replies (B then A), two ratings (不满意 then 满意).</summary>
    private static readonly Dictionary<string, int> Webhooks = new()
    {
        ["SubmissionSubmitted"] = 1, ["SubmissionAdopted"] = 1, ["HandlingAssigned"] = 1, ["HandlingStatusChanged"] = 3,
        ["HandlingReplied"] = 2, ["HandlingRated"] = 2,
    };

    [Fact]
    public async Task Every_step_of_an_assigned_item_reaches_each_co_author_s_inbox_and_the_partner_s_webhook_once()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        // Before the flow, 沙坪坝's tenant admin subscribes its OA system's receiver (127.0.0.1, local mode) to every event type of the flow.
        var admin = await platform.SignedInAsync("spb-admin");
        var catalogue = await FlowTests.GetJsonAsync(admin, "/api/identity/webhooks/event-types");
        var offered = (catalogue.ValueKind == JsonValueKind.Array ? catalogue : catalogue.GetProperty("items")).EnumerateArray()
            .ToDictionary(t => t.GetProperty("type").GetString()!, t => t.GetProperty("scope").GetString()!);
        Assert.All(Webhooks.Keys, type => Assert.Contains(offered[type], new[] { "intake.read", "review.read" }));
        await using var receiver = await WebhookReceiver.StartAsync();
        var hookPath = receiver.NewPath();
        var registered = await admin.PostAsJsonAsync("/api/identity/webhooks",
            new { clientId = "spb-oa", url = receiver.BaseUrl + hookPath, eventTypes = Webhooks.Keys.ToArray(), enabled = true });
        Assert.True(registered.StatusCode == HttpStatusCode.Created, $"webhook: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
        var endpoint = await registered.Content.ReadFromJsonAsync<JsonElement>();
        receiver.Secret(hookPath, endpoint.GetProperty("secret").GetString()!);
        var webhook = endpoint.GetProperty("endpoint").GetProperty("id").GetGuid();

        var zhang = await platform.SignedInAsync("zhangming");
        var li = await platform.SignedInAsync("lihua");
        var editor = await platform.SignedInAsync("wangfang");
        var leader = await platform.SignedInAsync("zhaoqiang");
        var department = await platform.DepartmentClientAsync();

        // 张明 writes with 李华 and submits; 王芳 passes 初审 and 复审, 赵强 adopts it for the district.
        var item = await CreatedIdAsync(zhang, "/api/intake/submissions", new
        {
            title = $"关于社区老年食堂建设的建议 {marker}", body = $"社区老年食堂覆盖不足，建议统筹布点并给予运营补贴。{marker}",
            authorPersonId = ZhangMing, unitId = PlatformFixture.SpbEconomyCommittee,
        });
        var authors = await Preconditions.SendAsync(zhang, HttpMethod.Put, $"/api/intake/submissions/{item}/authors",
            new { authorPersonIds = new[] { ZhangMing, LiHua }, unitId = PlatformFixture.SpbEconomyCommittee },
            await Preconditions.ETagAsync(zhang, $"/api/intake/submissions/{item}"));
        Assert.True(authors.IsSuccessStatusCode, $"authors: {(int)authors.StatusCode} {await authors.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.OK, (await Preconditions.SubmitAsync(zhang, item)).StatusCode);
        await AdoptAsync(editor, leader, item);

        // 交办: 区民政局 leads, a department of this test's own co-handles, thirty days.
        var co = await CreatedIdAsync(editor, "/api/review/departments", new { name = $"区卫健委{marker}" });
        var handling = await CreatedIdAsync(editor, "/api/review/handlings", new
        {
            submissionId = item, leadDepartmentId = SpbCivilAffairs, coDepartmentIds = new[] { co },
            deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(30).ToString("yyyy-MM-dd"),
        });
        var path = $"/api/review/handlings/{handling}";
        await StepAsync(department, path, "accept", new { });
        await StepAsync(department, path, "reply", new { category = "B", text = "已会同街道选址，正在推进。" });
        await StepAsync(li, path, "rating", new { rating = "dissatisfied", comment = "进度太慢，请明确建成时间" });
        await StepAsync(department, path, "reply", new { category = "A", text = "老年食堂已建成开放。" });
        await StepAsync(zhang, path, "rating", new { rating = "satisfied" });

        // The departments were told of every step that concerns them: the lead (through its own system) of its assignment and
        // the reopening and the closing — not of its own acceptance and replies; the co-handler of the assignment, both
        // replies, the reopening and the closing; no other department of anything.
        var notices = await FlowTests.GetJsonAsync(department, $"/api/review/handlings/notices?handlingId={handling}");
        Assert.Equal(["closed", "reopened", "assigned"], notices.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("kind").GetString()!));
        Assert.Equal("co-assigned,co-replied,co-reopened,co-replied,co-closed", await platform.OwnerScalarAsync<string>("reviewdb",
            "SELECT string_agg(kind, ',' ORDER BY seq) FROM department_notices WHERE handling_id = @h AND department_id = @d", ("h", handling), ("d", co)));
        Assert.Equal(0L, await platform.OwnerScalarAsync<long>("reviewdb",
            "SELECT count(*) FROM department_notices WHERE handling_id = @h AND department_id <> ALL(@named)", ("h", handling), ("named", new[] { SpbCivilAffairs, co })));

        foreach (var (writer, name) in new[] { (zhang, "张明"), (li, "李华") })
        {
            var inbox = await FlowTests.GetJsonAsync(writer, $"/api/review/feedback/inbox?submissionId={item}&order=asc&pageSize=50");
            var messages = inbox.GetProperty("items").EnumerateArray().ToList();
            Assert.True(Story.SequenceEqual(messages.Select(m => m.GetProperty("kind").GetString()!)),
                $"{name}'s inbox: {string.Join(", ", messages.Select(m => m.GetProperty("kind").GetString()))}");
            Assert.All(messages, m => Assert.False(m.GetProperty("read").GetBoolean()));
            Assert.Contains($"《关于社区老年食堂建设的建议 {marker}》", messages[2].GetProperty("text").GetString());
            Assert.Equal($"/api/intake/submissions/{item}", messages[2].GetProperty("link").GetString());
            Assert.Contains("主办 区民政局", messages[3].GetProperty("text").GetString());
            Assert.Contains("（B类 正在解决）", messages[5].GetProperty("text").GetString());
            Assert.Contains("“不满意”", messages[6].GetProperty("text").GetString());
            Assert.Contains("（A类 已解决）", messages[7].GetProperty("text").GetString());
            Assert.Contains("“满意”，该件已办结", messages[8].GetProperty("text").GetString());
            Assert.All(messages.Skip(3), m => Assert.Equal(path, m.GetProperty("link").GetString()));
            Assert.True(inbox.GetProperty("unread").GetInt32() >= Story.Length);
        }

        // 张明 reads one: his is read, 李华's same message is not; neither the department nor a partner has an inbox.
        var first = (await FlowTests.GetJsonAsync(zhang, $"/api/review/feedback/inbox?submissionId={item}&order=asc")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var read = await zhang.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/review/feedback/inbox/{first}/read")
            { Content = JsonContent.Create(new { }), Headers = { { "Idempotency-Key", $"read-{marker}" } } });
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(1, (await FlowTests.GetJsonAsync(zhang, $"/api/review/feedback/inbox?submissionId={item}&unread=false")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await FlowTests.GetJsonAsync(li, $"/api/review/feedback/inbox?submissionId={item}&unread=false")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await li.PostAsJsonAsync($"/api/review/feedback/inbox/{first}/read", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await department.GetAsync("/api/review/feedback/inbox")).StatusCode);

        // The partner's receiver: every event of this item, each signed with the endpoint's secret, once per webhook-id.
        IReadOnlyList<(string Type, JsonElement Data, ReceivedWebhook Request)> OfItem() => [.. receiver.At(hookPath)
            .Select(r => (Doc: JsonDocument.Parse(r.Body).RootElement, Request: r))
            .Where(r => r.Doc.GetProperty("data").GetProperty("submissionId").GetGuid() == item)
            .Select(r => (r.Doc.GetProperty("type").GetString()!, r.Doc.GetProperty("data"), r.Request))];
        var expected = Webhooks.Values.Sum();
        await FlowTests.EventuallyAsync(() => Task.FromResult(OfItem()), r => r.Count >= expected, $"{expected} webhooks of the item");
        await Task.Delay(2000); // a duplicate would have come by now
        var received = OfItem();
        Assert.All(received, r => Assert.True(r.Request.SignatureValid, $"{r.Type} {r.Request.Id} signed with the endpoint's secret"));
        Assert.Equal(expected, received.Count);
        Assert.Equal(expected, received.Select(r => r.Request.Id).Distinct().Count());
        Assert.Equal(Webhooks.OrderBy(w => w.Key), received.GroupBy(r => r.Type).Select(g => KeyValuePair.Create(g.Key, g.Count())).OrderBy(w => w.Key));
        Assert.All(received.Where(r => r.Type.StartsWith("Handling")), r => Assert.Equal(handling, r.Data.GetProperty("handlingId").GetGuid()));
        Assert.Equal(["accepted", "closed", "reopened"],
            received.Where(r => r.Type == "HandlingStatusChanged").Select(r => r.Data.GetProperty("change").GetString()!).Order());
        Assert.Equal(["A", "B"], received.Where(r => r.Type == "HandlingReplied").Select(r => r.Data.GetProperty("category").GetString()!.ToUpperInvariant()).Order());
        Assert.Equal(["dissatisfied", "satisfied"],
            received.Where(r => r.Type == "HandlingRated").Select(r => r.Data.GetProperty("rating").GetString()!).Order());

        // The admin replays the 不满意 rating's delivery: the receiver sees the same webhook-id again, so it handles it once.
        var dissatisfied = received.Single(r => r.Type == "HandlingRated" && r.Data.GetProperty("rating").GetString() == "dissatisfied").Request.Id;
        var deliveries = await FlowTests.EventuallyAsync(
            () => FlowTests.GetJsonAsync(admin, $"/api/identity/webhooks/{webhook}/deliveries?status=succeeded&pageSize=100"),
            d => d.GetProperty("items").EnumerateArray().Any(x => x.GetProperty("webhookId").GetString() == dissatisfied), "the delivery recorded as succeeded");
        var delivery = deliveries.GetProperty("items").EnumerateArray().Single(x => x.GetProperty("webhookId").GetString() == dissatisfied).GetProperty("id").GetGuid();
        var replay = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/identity/webhooks/{webhook}/deliveries/{delivery}/replay")
            { Content = JsonContent.Create(new { }), Headers = { { "Idempotency-Key", $"replay-{marker}" } } });
        Assert.True(replay.StatusCode == HttpStatusCode.Accepted, $"replay: {(int)replay.StatusCode} {await replay.Content.ReadAsStringAsync()}");
        await FlowTests.EventuallyAsync(() => Task.FromResult(receiver.At(hookPath).Count(r => r.Id == dissatisfied)), n => n == 2, "the replay received");
        var again = receiver.At(hookPath).Where(r => r.Id == dissatisfied).ToList();
        Assert.All(again, r => Assert.True(r.SignatureValid));
        Assert.Equal(again[0].Body, again[1].Body);
        Assert.Equal(expected + 1, OfItem().Count);
        Assert.Equal(expected, receiver.Handled(hookPath).Count(r => OfItem().Any(o => o.Request.Id == r.Id)));

        Assert.Equal(HttpStatusCode.NoContent, (await Preconditions.SendAsync(admin, HttpMethod.Delete, $"/api/identity/webhooks/{webhook}", null,
            await Preconditions.ETagAsync(admin, $"/api/identity/webhooks/{webhook}"))).StatusCode);
    }

    /// <summary>The submitted item's case passes 初审 and 复审 (王芳) and is adopted at own-body level (赵强).</summary>
    internal static async Task AdoptAsync(HttpClient editor, HttpClient leader, Guid item)
    {
        var caseId = (await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(editor, $"/api/review/cases?submissionId={item}"),
            c => c.GetProperty("items").GetArrayLength() == 1, "the case")).GetProperty("items")[0].GetProperty("id").GetGuid();
        foreach (var (reviewer, decision) in new (HttpClient, object)[]
        {
            (editor, new { action = "pass" }), (editor, new { action = "pass" }), (leader, new { action = "adopt", adoptionLevel = "own-body" }),
        })
        {
            var decided = await Preconditions.DecideAsync(reviewer, caseId, decision);
            Assert.True(decided.StatusCode == HttpStatusCode.OK, $"decision: {(int)decided.StatusCode} {await decided.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>A step on the handling as <paramref name="client"/> last read it (If-Match), which must succeed.</summary>
    private static async Task StepAsync(HttpClient client, string path, string step, object body)
    {
        var response = await Preconditions.SendAsync(client, HttpMethod.Post, $"{path}/{step}", body, await Preconditions.ETagAsync(client, path));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    internal static async Task<Guid> CreatedIdAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
