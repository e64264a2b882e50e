using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>
/// Issue 13's done-when for feedback, through the real gateway with real tokens: a co-authored item adopted by 沙坪坝 is
/// assigned to 区民政局 (lead, whose system spb-mzj acts for it) and a co-handling department; 区民政局 replies with
/// category B, a writer rates 不满意, it reopens, the second reply is A and rated 满意 — and both co-authors' inboxes
/// show every step of the item, in order, in Chinese, unread until they mark them.
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

    [Fact]
    public async Task Every_step_of_an_assigned_item_reaches_each_co_author_s_inbox_in_order()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
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
    }

    /// <summary>A step on the handling as <paramref name="client"/> last read it (If-Match), which must succeed.</summary>
    private static async Task StepAsync(HttpClient client, string path, string step, object body)
    {
        var response = await Preconditions.SendAsync(client, HttpMethod.Post, $"{path}/{step}", body, await Preconditions.ETagAsync(client, path));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<Guid> CreatedIdAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
