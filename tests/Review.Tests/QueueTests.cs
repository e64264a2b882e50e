using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>Assignment (分配) and the work queues: mine, my stages, overdue (calendar days from the stage's start).</summary>
public sealed class QueueTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    private HttpClient As(string tenant, Guid person, params string[] roles) => factory.ClientFor(tenant, roles, person);

    /// <summary>Assigns as the tenant's staff; the reviewer is a person of the tenant's directory unless <paramref name="known"/> is false.</summary>
    private async Task<HttpResponseMessage> AssignAsync(string tenant, Guid caseId, Guid? reviewer, HttpClient? client = null, bool known = true)
    {
        if (known && reviewer is { } person) await _kit.KnownPersonAsync(tenant, person);
        return await WorkflowKit.SendAsync(client ?? _kit.Client(tenant), HttpMethod.Post, $"/cases/{caseId}/assign",
            new { reviewerPersonId = reviewer }, await _kit.ETagAsync(tenant, caseId));
    }

    private static async Task<PageDto<CaseDto>> QueueAsync(HttpClient client, string queue)
    {
        var response = await client.GetAsync($"/queues/{queue}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<PageDto<CaseDto>>(ReviewKit.Json))!;
    }

    [Fact]
    public async Task An_assigned_case_is_in_the_reviewers_queue_until_it_leaves_the_stage()
    {
        var tenant = ReviewKit.NewTenant();
        var (reviewer, other) = (Guid.NewGuid(), Guid.NewGuid());
        var first = await _kit.OpenCaseAsync(tenant);
        var second = await _kit.OpenCaseAsync(tenant);
        var editor = As(tenant, Guid.NewGuid(), PlatformRoles.StaffEditor);

        Assert.Equal(HttpStatusCode.OK, (await AssignAsync(tenant, second.Id, reviewer, editor)).StatusCode);
        var assigned = await AssignAsync(tenant, first.Id, reviewer, editor);
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal(reviewer, (await assigned.Content.ReadFromJsonAsync<CaseDto>(ReviewKit.Json))!.Assignee);

        var mine = await QueueAsync(As(tenant, reviewer, PlatformRoles.StaffEditor), "mine");
        Assert.Equal([first.Id, second.Id], mine.Items.Select(c => c.Id)); // longest waiting at its stage first
        Assert.Equal(2, mine.Total);
        Assert.Empty((await QueueAsync(As(tenant, other, PlatformRoles.StaffEditor), "mine")).Items);
        var events = (await _kit.AllOutboxRowsAsync(first.SubmissionId)).Where(r => r.Type == "CaseAssigned").ToList();
        Assert.Equal(reviewer, Assert.Single(events).Payload.GetProperty("reviewerPersonId").GetGuid());

        // Passed on: the next stage has no assignee yet, and the case leaves the reviewer's queue.
        var passed = await _kit.DecideOkAsync(tenant, first.Id, new { action = "pass" });
        Assert.Null(passed.Assignee);
        Assert.Equal([second.Id], (await QueueAsync(As(tenant, reviewer, PlatformRoles.StaffEditor), "mine")).Items.Select(c => c.Id));
    }

    [Fact]
    public async Task Only_the_stages_staff_the_director_or_the_admin_assign()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        var leader = await (await AssignAsync(tenant, opened.Id, Guid.NewGuid(), As(tenant, Guid.NewGuid(), PlatformRoles.Leader))).ReadProblemAsync(403);
        Assert.Equal("not-allowed-to-assign", leader.GetProperty("code").GetString());
        await (await AssignAsync(tenant, opened.Id, Guid.NewGuid(), As(tenant, Guid.NewGuid(), PlatformRoles.Member))).ReadProblemAsync(403);
        Assert.Null((await _kit.GetCaseAsync(tenant, opened.Id)).Assignee);

        foreach (var role in new[] { PlatformRoles.Director, PlatformRoles.TenantAdmin })
        {
            var person = Guid.NewGuid();
            Assert.Equal(HttpStatusCode.OK, (await AssignAsync(tenant, opened.Id, person, As(tenant, Guid.NewGuid(), role))).StatusCode);
            Assert.Equal(person, (await _kit.GetCaseAsync(tenant, opened.Id)).Assignee);
        }
    }

    [Fact]
    public async Task Only_a_person_of_the_tenants_directory_can_be_assigned()
    {
        var (tenant, other) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var opened = await _kit.OpenCaseAsync(tenant);
        var ofOther = await _kit.KnownPersonAsync(other);

        foreach (var stranger in new[] { Guid.NewGuid(), ofOther })
        {
            var problem = await (await AssignAsync(tenant, opened.Id, stranger, known: false)).ReadProblemAsync(400);
            Assert.True(problem.GetProperty("errors").TryGetProperty("reviewerPersonId", out _), problem.ToString());
        }
        Assert.Null((await _kit.GetCaseAsync(tenant, opened.Id)).Assignee);
        Assert.Empty(await _kit.OutboxRowsAsync(opened.SubmissionId));
    }

    [Fact]
    public async Task Assigning_validates_the_person_and_needs_the_current_etag()
    {
        var tenant = ReviewKit.NewTenant();
        var named = await _kit.KnownPersonAsync(tenant);
        await WorkflowKit.SetAsync(factory, tenant, new { name = "初审", role = "staff-editor", reviewerPersonIds = new[] { named } }, new { name = "审定", role = "leader" });
        var opened = await _kit.OpenCaseAsync(tenant);
        var path = $"/cases/{opened.Id}/assign";

        var missing = await (await AssignAsync(tenant, opened.Id, null)).ReadProblemAsync(400);
        Assert.True(missing.GetProperty("errors").TryGetProperty("reviewerPersonId", out _));
        var notNamed = await (await AssignAsync(tenant, opened.Id, Guid.NewGuid())).ReadProblemAsync(400);
        Assert.True(notNamed.GetProperty("errors").TryGetProperty("reviewerPersonId", out _));
        await (await WorkflowKit.SendAsync(_kit.Client(tenant), HttpMethod.Post, path, new { reviewerPersonId = named }, null)).ReadProblemAsync(428);
        await (await WorkflowKit.SendAsync(_kit.Client(tenant), HttpMethod.Post, path, new { reviewerPersonId = named }, "\"1\"")).ReadProblemAsync(412);
        Assert.Null((await _kit.GetCaseAsync(tenant, opened.Id)).Assignee);

        Assert.Equal(HttpStatusCode.OK, (await AssignAsync(tenant, opened.Id, named)).StatusCode);
        Assert.Equal(named, (await _kit.GetCaseAsync(tenant, opened.Id)).Assignee);
    }

    [Fact]
    public async Task The_stage_queue_holds_the_open_cases_at_the_callers_stages()
    {
        var tenant = ReviewKit.NewTenant();
        var atFirst = await _kit.OpenCaseAsync(tenant);
        var atSecond = await _kit.OpenCaseAsync(tenant);
        await _kit.DecideOkAsync(tenant, atSecond.Id, new { action = "pass" });
        var closed = await _kit.OpenCaseAsync(tenant);
        await _kit.DecideOkAsync(tenant, closed.Id, new { action = "reject", comment = "不予采用" });
        var reviewer = Guid.NewGuid();
        await AssignAsync(tenant, atFirst.Id, reviewer);

        var editors = await QueueAsync(As(tenant, Guid.NewGuid(), PlatformRoles.StaffEditor), "stage");
        var directors = await QueueAsync(As(tenant, Guid.NewGuid(), PlatformRoles.Director), "stage");
        var leaders = await QueueAsync(As(tenant, Guid.NewGuid(), PlatformRoles.Leader), "stage");

        Assert.Equal(new[] { (atFirst.Id, "初审", (Guid?)reviewer) }, editors.Items.Select(c => (c.Id, c.Stage, c.Assignee)));
        Assert.Equal(new[] { (atSecond.Id, "复审", (Guid?)null) }, directors.Items.Select(c => (c.Id, c.Stage, c.Assignee)));
        Assert.Equal((0, 0), (leaders.Items.Count, leaders.Total));
        await (await As(tenant, Guid.NewGuid(), PlatformRoles.Member).GetAsync("/queues/stage")).ReadProblemAsync(403);
    }

    [Fact]
    public async Task A_case_past_its_stages_time_limit_is_overdue()
    {
        var tenant = ReviewKit.NewTenant();
        await WorkflowKit.SetAsync(factory, tenant, new { name = "初审", role = "staff-editor", timeLimitDays = 3, checklistRequired = false },
            new { name = "审定", role = "leader", timeLimitDays = 10, checklistRequired = false });
        var late = await _kit.OpenCaseAsync(tenant);
        var veryLate = await _kit.OpenCaseAsync(tenant);
        var onTime = await _kit.OpenCaseAsync(tenant);
        var atFinal = await _kit.OpenCaseAsync(tenant);
        await _kit.DecideOkAsync(tenant, atFinal.Id, new { action = "pass" });
        await _kit.AgeStageAsync(late.Id, 3.5);       // 3-day stage: half a day late
        await _kit.AgeStageAsync(veryLate.Id, 5.5);   // 2.5 days late
        await _kit.AgeStageAsync(onTime.Id, 2.5);     // within its 3 days
        await _kit.AgeStageAsync(atFinal.Id, 5);      // 审定 allows 10

        var overdue = await QueueAsync(_kit.Client(tenant), "overdue");

        Assert.Equal(new[] { (veryLate.Id, 3), (late.Id, 1) }, overdue.Items.Select(c => (c.Id, c.OverdueDays)));
        Assert.Equal(2, overdue.Total);
        Assert.All(overdue.Items, c => Assert.True(c.Overdue));
        var read = await _kit.GetCaseAsync(tenant, late.Id);
        Assert.True(read.Overdue);
        Assert.Equal(read.StageStartedAt!.Value.AddDays(3), read.DueAt);
        var fine = await _kit.GetCaseAsync(tenant, onTime.Id);
        Assert.Equal((false, 0), (fine.Overdue, fine.OverdueDays));
        Assert.Equal(fine.StageStartedAt!.Value.AddDays(3), fine.DueAt);
        Assert.False((await _kit.GetCaseAsync(tenant, atFinal.Id)).Overdue);
        await (await factory.ClientFor(tenant, [PlatformRoles.Member], Guid.NewGuid()).GetAsync("/queues/overdue")).ReadProblemAsync(403);
        var paged = await QueueAsync(_kit.Client(tenant), "overdue?page=2&pageSize=1");
        Assert.Equal([late.Id], paged.Items.Select(c => c.Id));
        Assert.Equal(2, paged.Total);
    }
}
