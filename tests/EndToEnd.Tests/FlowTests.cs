using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>The foundation's flow through the real gateway: draft → submit → review → adopt → points.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FlowTests(PlatformFixture platform)
{
    private HttpClient Gateway => platform.Gateway;

    /// <summary>Creates and submits an item of spb-zx by a person the people service announced, in 经济委员会 unless given.</summary>
    internal static async Task<Guid> SubmitNewItemAsync(HttpClient gateway, Guid author, string? traceParent = null, Guid? unit = null)
    {
        var create = new HttpRequestMessage(HttpMethod.Post, "/api/intake/submissions")
        {
            Content = JsonContent.Create(new
            {
                title = "关于优化公交线路的建议", body = "沙坪坝区部分公交线路重叠……", authorPersonId = author,
                unitId = unit ?? PlatformFixture.SpbEconomyCommittee,
            }),
        };
        var created = await gateway.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // The create answer's ETag is the draft's version: submit exactly that (a partner may hold no read scope).
        var submitted = await Preconditions.SendAsync(gateway, HttpMethod.Post, $"/api/intake/submissions/{id}/submit", null,
            created.Headers.ETag!.Tag, traceParent);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        return id;
    }

    internal static Task<JsonElement> GetJsonAsync(HttpClient gateway, string path) => gateway.GetFromJsonAsync<JsonElement>(path);

    internal static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            T value = default!;
            try { value = await probe(); } catch (HttpRequestException) { }
            if (value is not null && done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} did not happen in {seconds} s; last: {value}");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task A_submission_adopted_by_its_own_body_gives_its_author_six_points_and_shows_adopted()
    {
        // 沙坪坝's OA system submits for a writer; 王芳 reviews 初审 and 复审; 赵强 (leader) decides at 审定.
        var partner = await platform.PartnerAsync("intake.submit intake.read");
        var editor = await platform.SignedInAsync("wangfang");
        var leader = await platform.SignedInAsync("zhaoqiang");
        var author = await platform.NewAuthorAsync();
        var submissionId = await SubmitNewItemAsync(partner, author);

        var cases = await EventuallyAsync(() => GetJsonAsync(editor, $"/api/review/cases?submissionId={submissionId}"),
            c => c.GetProperty("items").GetArrayLength() == 1, "review case opened");
        var caseId = cases.GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal("初审", cases.GetProperty("items")[0].GetProperty("stage").GetString());

        foreach (var (reviewer, decision) in new (HttpClient, object)[]
        {
            (editor, new { action = "pass" }), (editor, new { action = "pass" }), (leader, new { action = "adopt", adoptionLevel = "own-body" }),
        })
        {
            var response = await Preconditions.DecideAsync(reviewer, caseId, decision);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var submission = await EventuallyAsync(() => GetJsonAsync(partner, $"/api/intake/submissions/{submissionId}"),
            s => s.GetProperty("status").GetString() == "adopted", "intake shows adopted");
        Assert.Equal(["own-body"], submission.GetProperty("adoptionLevels").EnumerateArray().Select(l => l.GetString()));

        var rank = await EventuallyAsync(async () =>
        {
            var response = await editor.GetAsync($"/api/scoring/leaderboards/persons/{author}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
        }, r => r.ValueKind == JsonValueKind.Object && r.GetProperty("points").GetDecimal() == 6m, "six points on the leaderboard");
        Assert.Equal(author, rank.GetProperty("personId").GetGuid());

        var top = await GetJsonAsync(editor, "/api/scoring/leaderboards/persons?top=100");
        Assert.Contains(top.GetProperty("entries").EnumerateArray(),
            e => e.GetProperty("personId").GetGuid() == author && e.GetProperty("points").GetDecimal() == 6m);
    }

    [Fact]
    public async Task Only_the_role_of_the_stage_decides_and_a_member_sees_only_their_own_items()
    {
        var member = await platform.SignedInAsync("zhangming");
        var zhangMing = Guid.Parse("0e5b1c2a-0002-4000-8000-000000000001");
        var submissionId = await SubmitNewItemAsync(member, zhangMing);
        var editor = await platform.SignedInAsync("wangfang");
        var cases = await EventuallyAsync(() => GetJsonAsync(editor, $"/api/review/cases?submissionId={submissionId}"),
            c => c.GetProperty("items").GetArrayLength() == 1, "review case opened");
        var caseId = cases.GetProperty("items")[0].GetProperty("id").GetGuid();

        // 王芳 is no leader: she cannot adopt at 审定; a member cannot review at all.
        await Preconditions.DecideAsync(editor, caseId, new { action = "pass" });
        await Preconditions.DecideAsync(editor, caseId, new { action = "pass" });
        var refused = await Preconditions.DecideAsync(editor, caseId, new { action = "adopt", adoptionLevel = "own-body" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/review/cases")).StatusCode);

        // 李华 (officer, same body) does not see 张明's item.
        var colleague = await platform.SignedInAsync("lihua");
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync($"/api/intake/submissions/{submissionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/api/intake/submissions/{submissionId}")).StatusCode);
    }

    [Fact]
    public async Task The_consumers_trace_is_the_request_trace()
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var author = await platform.NewAuthorAsync();
        var submissionId = await SubmitNewItemAsync(Gateway, author, $"00-{traceId}-{"1234567890abcdef"}-01");

        var ledger = await EventuallyAsync(() => GetJsonAsync(Gateway, $"/api/scoring/ledger?sourceId={submissionId}"),
            l => l.GetProperty("items").GetArrayLength() == 1, "submitted point recorded");
        var entry = ledger.GetProperty("items")[0];
        Assert.Equal("submitted", entry.GetProperty("reason").GetString());
        Assert.Equal(traceId, entry.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Demo_data_is_seeded_and_announced_to_the_other_services()
    {
        var persons = await GetJsonAsync(Gateway, "/api/people/persons");
        Assert.Contains(persons.GetProperty("items").EnumerateArray(), p => p.GetProperty("name").GetString() == "张明");
        // PersonRegistered reached scoring, so the leaderboard can name 张明 once he has points.
        var zhangMing = Guid.Parse("0e5b1c2a-0002-4000-8000-000000000001");
        var submissionId = await SubmitNewItemAsync(Gateway, zhangMing);
        var row = await EventuallyAsync(async () =>
        {
            var response = await Gateway.GetAsync($"/api/scoring/leaderboards/persons/{zhangMing}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
        }, r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("name", out _), "张明 named on the board");
        Assert.Equal("张明", row.GetProperty("name").GetString());
        Assert.NotEqual(Guid.Empty, submissionId);
    }

    [Fact]
    public async Task Bad_input_through_the_gateway_is_a_problem_answer_and_changes_nothing()
    {
        var before = (await GetJsonAsync(Gateway, "/api/intake/submissions?pageSize=1")).GetProperty("total").GetInt32();
        var malformed = await Gateway.PostAsync("/api/intake/submissions", new StringContent("{\"title\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        var unknown = await Preconditions.SendAsync(Gateway, HttpMethod.Post, $"/api/review/cases/{Guid.NewGuid()}/decisions", new { action = "pass" }, "\"1\"");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var after = (await GetJsonAsync(Gateway, "/api/intake/submissions?pageSize=1")).GetProperty("total").GetInt32();
        Assert.Equal(before, after);
    }
}
