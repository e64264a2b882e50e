using System.Net.Http.Json;

using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>Bad input on the 交办 endpoints: a 400 problem naming the field, in Chinese, and nothing changed.</summary>
public sealed class HandlingValidationTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly HandlingKit _kit = new(factory);
    private static readonly DateOnly Today = HandlingKit.Today;

    private static async Task AssertNamesAsync(HttpResponseMessage response, string field, string what)
    {
        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"{what}: {problem}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Any(c => c >= 0x4E00 && c <= 0x9FFF)); // said in Chinese
    }

    public static TheoryData<string, string> BadAssignments() => new()
    {
        { "no item", "submissionId" }, { "no lead", "leadDepartmentId" }, { "unknown lead", "leadDepartmentId" },
        { "inactive lead", "leadDepartmentId" }, { "unknown co-handler", "coDepartmentIds[0]" }, { "lead among co-handlers", "coDepartmentIds" },
        { "co-handler twice", "coDepartmentIds" }, { "no deadline", "deadline" }, { "deadline today", "deadline" },
        { "deadline beyond a year", "deadline" }, { "long note", "note" }, { "unknown supervisor", "supervisorPersonId" },
        { "another item's instruction", "instructionId" },
    };

    [Theory]
    [MemberData(nameof(BadAssignments))]
    public async Task A_bad_assignment_is_a_400_naming_the_field_and_assigns_nothing(string what, string field)
    {
        var tenant = ReviewKit.NewTenant();
        var (lead, co, closed) = (await _kit.DepartmentAsync(tenant), await _kit.DepartmentAsync(tenant), await _kit.DepartmentAsync(tenant));
        var staff = _kit.Staff(tenant);
        var etag = (await staff.GetAsync($"/departments/{closed.Id}")).Headers.ETag!.ToString();
        var close = new HttpRequestMessage(HttpMethod.Put, $"/departments/{closed.Id}") { Content = JsonContent.Create(new { name = closed.Name, active = false }) };
        close.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.True((await staff.SendAsync(close)).IsSuccessStatusCode);
        var adopted = await _kit.AdoptedAsync(tenant);
        var item = adopted.SubmissionId;
        object body = what switch
        {
            "no item" => HandlingKit.Assignment(null, lead.Id),
            "no lead" => HandlingKit.Assignment(item, null),
            "unknown lead" => HandlingKit.Assignment(item, Guid.NewGuid()),
            "inactive lead" => HandlingKit.Assignment(item, closed.Id),
            "unknown co-handler" => HandlingKit.Assignment(item, lead.Id, [Guid.NewGuid()]),
            "lead among co-handlers" => HandlingKit.Assignment(item, lead.Id, [lead.Id]),
            "co-handler twice" => HandlingKit.Assignment(item, lead.Id, [co.Id, co.Id]),
            "no deadline" => new { submissionId = item, leadDepartmentId = lead.Id },
            "deadline today" => HandlingKit.Assignment(item, lead.Id, deadline: Today),
            "deadline beyond a year" => HandlingKit.Assignment(item, lead.Id, deadline: Today.AddDays(400)),
            "long note" => HandlingKit.Assignment(item, lead.Id, note: new string('注', 501)),
            "unknown supervisor" => HandlingKit.Assignment(item, lead.Id, supervisorPersonId: Guid.NewGuid()),
            _ => HandlingKit.Assignment(item, lead.Id, instructionId: Guid.NewGuid()),
        };

        await AssertNamesAsync(await _kit.AssignRawAsync(staff, body), field, what);
        Assert.Equal(0, await _kit.CountAsync("SELECT count(*) FROM handlings WHERE tenant_id = $1", tenant));
    }

    public static TheoryData<string, string, string> BadSteps() => new()
    {
        { "reply", """{"category":"E","text":"已办理"}""", "category" },
        { "reply", """{"text":"已办理"}""", "category" },
        { "reply", """{"category":"A","text":"  "}""", "text" },
        { "reply", $$"""{"category":"A","text":"{{new string('字', 2001)}}"}""", "text" },
        { "reply", $$"""{"category":"A","text":"已办理","attachmentFileIds":["{{Guid.NewGuid()}}"]}""", "attachmentFileIds[0]" },
        { "requests", """{"kind":"postpone","reason":"x"}""", "kind" },
        { "requests", """{"kind":"extension","reason":""}""", "reason" },
        { "requests", """{"kind":"extension","reason":"需要时间"}""", "newDeadline" },
        { "requests", """{"kind":"extension","reason":"需要时间","newDeadline":"2020-01-01"}""", "newDeadline" },
        { "requests", """{"kind":"transfer","reason":"不属本部门"}""", "toDepartmentId" },
        { "requests", $$"""{"kind":"transfer","reason":"不属本部门","toDepartmentId":"{{Guid.NewGuid()}}"}""", "toDepartmentId" },
        { "start", $$"""{"comment":"{{new string('字', 501)}}"}""", "comment" },
    };

    [Theory]
    [MemberData(nameof(BadSteps))]
    public async Task A_bad_step_by_the_department_is_a_400_naming_the_field_and_changes_nothing(string step, string json, string field)
    {
        var tenant = ReviewKit.NewTenant();
        var lead = await _kit.DepartmentAsync(tenant);
        var handling = await _kit.AssignAsync(tenant, (await _kit.AdoptedAsync(tenant)).SubmissionId, lead.Id);
        var department = _kit.DepartmentClient(tenant, lead.Id);
        await HandlingKit.StepOkAsync(department, handling.Id, "accept");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/handlings/{handling.Id}/{step}")
        { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", await HandlingKit.ETagAsync(department, handling.Id));

        await AssertNamesAsync(await department.SendAsync(request), field, $"{step} {json}");
        var after = await department.GetFromJsonAsync<HandlingDto>($"/handlings/{handling.Id}", ReviewKit.Json);
        Assert.Equal(("accepted", 0, 0), (after!.Status, after.Replies.Count, after.Requests.Count));
    }

    [Theory]
    [InlineData("""{"rating":"good"}""", "rating")]
    [InlineData("""{}""", "rating")]
    [InlineData("""{"rating":"dissatisfied"}""", "comment")]
    public async Task A_bad_rating_is_a_400_naming_the_field(string json, string field)
    {
        var tenant = ReviewKit.NewTenant();
        var lead = await _kit.DepartmentAsync(tenant);
        var writer = Guid.NewGuid();
        var handling = await _kit.AssignAsync(tenant, (await _kit.AdoptedAsync(tenant, writer)).SubmissionId, lead.Id);
        await HandlingKit.RepliedAsync(_kit.DepartmentClient(tenant, lead.Id), handling.Id);
        var client = _kit.Writer(tenant, writer);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/handlings/{handling.Id}/rating")
        { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", await HandlingKit.ETagAsync(client, handling.Id));

        await AssertNamesAsync(await client.SendAsync(request), field, json);
        Assert.Equal("replied", (await client.GetFromJsonAsync<HandlingDto>($"/handlings/{handling.Id}", ReviewKit.Json))!.Status);
    }

    [Theory]
    [InlineData("POST", """{"name":""}""", "name")]
    [InlineData("POST", """{"name":"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"}""", "name")]
    [InlineData("PUT", """{"name":"区民政局"}""", "active")]
    [InlineData("PUT", """{"active":true}""", "name")]
    public async Task A_bad_department_is_a_400_naming_the_field(string method, string json, string field)
    {
        var tenant = ReviewKit.NewTenant();
        var staff = _kit.Staff(tenant);
        var existing = await _kit.DepartmentAsync(tenant, "区教委");
        var request = new HttpRequestMessage(new HttpMethod(method), method == "POST" ? "/departments" : $"/departments/{existing.Id}")
        { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        if (method == "PUT") request.Headers.TryAddWithoutValidation("If-Match", (await staff.GetAsync($"/departments/{existing.Id}")).Headers.ETag!.ToString());

        await AssertNamesAsync(await staff.SendAsync(request), field, json);
        Assert.Equal(1, await _kit.CountAsync("SELECT count(*) FROM departments WHERE tenant_id = $1 AND name = '区教委' AND active", tenant));
    }

    [Theory]
    [InlineData("period=2026-13")]
    [InlineData("period=2026-Q5")]
    [InlineData("period=26")]
    public async Task A_bad_period_is_a_400_naming_it(string query)
    {
        await AssertNamesAsync(await _kit.Staff(ReviewKit.NewTenant()).GetAsync($"/handlings/figures?{query}"), "period", query);
    }

    [Fact]
    public async Task A_bad_status_filter_is_a_400_naming_it()
    {
        await AssertNamesAsync(await _kit.Staff(ReviewKit.NewTenant()).GetAsync("/handlings?status=lost"), "status", "status");
    }
}
