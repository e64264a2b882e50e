using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// Per-tenant workflows: the platform default (version 0) until the tenant's admin sets one; each PUT adds version
/// N+1 (If-Match of the current one); a case keeps the version it opened with; the stage's role — and its named
/// reviewers, when it names any — decide there.
/// </summary>
public sealed class WorkflowTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    private HttpClient As(string tenant, Guid person, params string[] roles) => factory.ClientFor(tenant, roles, person);

    private static object Stage(string name, string role, int? days = null, Guid[]? reviewers = null, bool checklist = false) =>
        new { name, role, timeLimitDays = days, reviewerPersonIds = reviewers, checklistRequired = checklist };

    [Fact]
    public async Task A_tenant_without_its_own_workflow_reads_the_default_as_version_0()
    {
        var tenant = ReviewKit.NewTenant();

        var (workflow, etag) = await WorkflowKit.GetAsync(factory.ClientFor(tenant, [PlatformRoles.StaffEditor]));

        Assert.Equal("\"0\"", etag);
        Assert.Equal((0, true), (workflow.WorkflowVersion, workflow.IsDefault));
        Assert.Equal(["初审:staff-editor:5", "复审:director:5", "审定:leader:5"],
            workflow.Stages.Select(s => $"{s.Name}:{s.Role}:{s.TimeLimitDays}"));
    }

    [Fact]
    public async Task Each_put_adds_the_next_version_and_needs_the_current_etag()
    {
        var tenant = ReviewKit.NewTenant();
        var admin = WorkflowKit.Admin(factory, tenant);
        var body = new { stages = new[] { Stage("初核", "staff-editor", 3), Stage("终审", "leader") } };

        await (await WorkflowKit.SendAsync(admin, HttpMethod.Put, "/workflow", body, null)).ReadProblemAsync(428);
        await (await WorkflowKit.SendAsync(admin, HttpMethod.Put, "/workflow", body, "\"7\"")).ReadProblemAsync(412);
        var first = await WorkflowKit.SendAsync(admin, HttpMethod.Put, "/workflow", body, "\"0\"");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"1\"", first.Headers.ETag!.ToString());
        // The same stale "0" again: someone (this admin) set version 1 since.
        await (await WorkflowKit.SendAsync(admin, HttpMethod.Put, "/workflow", body, "\"0\"")).ReadProblemAsync(412);
        var second = await WorkflowKit.SendAsync(admin, HttpMethod.Put, "/workflow",
            new { stages = new[] { Stage("审定", "leader") } }, "\"1\"");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        var (workflow, etag) = await WorkflowKit.GetAsync(admin);
        Assert.Equal(("\"2\"", 2, false), (etag, workflow.WorkflowVersion, workflow.IsDefault));
        Assert.Equal(["审定:leader:5"], workflow.Stages.Select(s => $"{s.Name}:{s.Role}:{s.TimeLimitDays}"));
    }

    [Fact]
    public async Task Two_admins_putting_on_the_same_version_at_once_make_one_new_version()
    {
        var tenant = ReviewKit.NewTenant();
        var admin = WorkflowKit.Admin(factory, tenant);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => WorkflowKit.SendAsync(admin, HttpMethod.Put, "/workflow",
            new { stages = new[] { Stage($"阶段{i}", "leader") } }, "\"0\"")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        Assert.Equal(1, (await WorkflowKit.GetAsync(admin)).Workflow.WorkflowVersion);
    }

    public static TheoryData<string, string> BadWorkflows => new()
    {
        { """{"stages":[]}""", "stages" },
        { """{}""", "stages" },
        { """{"stages":[{"name":"一","role":"leader"},{"name":"二","role":"leader"},{"name":"三","role":"leader"},{"name":"四","role":"leader"},{"name":"五","role":"leader"},{"name":"六","role":"leader"},{"name":"七","role":"leader"}]}""", "stages" },
        { """{"stages":[{"name":"","role":"leader"}]}""", "stages[0].name" },
        { """{"stages":[{"name":"一二三四五六七八九十一二三四五六七","role":"leader"}]}""", "stages[0].name" },
        { """{"stages":[{"name":"初审","role":"leader"},{"name":"初审","role":"director"}]}""", "stages[1].name" },
        { """{"stages":[{"name":"初审","role":"chair"}]}""", "stages[0].role" },
        { """{"stages":[{"name":"初审"}]}""", "stages[0].role" },
        { """{"stages":[{"name":"初审","role":"leader","timeLimitDays":0}]}""", "stages[0].timeLimitDays" },
        { """{"stages":[{"name":"初审","role":"leader","timeLimitDays":61}]}""", "stages[0].timeLimitDays" },
        { """{"stages":[{"name":"初审","role":"leader","reviewerPersonIds":["00000000-0000-0000-0000-000000000001","00000000-0000-0000-0000-000000000001"]}]}""", "stages[0].reviewerPersonIds" },
        { $$"""{"stages":[{"name":"初审","role":"leader","reviewerPersonIds":[{{string.Join(",", Enumerable.Range(1, 11).Select(i => $"\"{Guid.NewGuid()}\""))}}]}]}""", "stages[0].reviewerPersonIds" },
    };

    [Theory]
    [MemberData(nameof(BadWorkflows))]
    public async Task A_bad_workflow_is_a_400_naming_the_field_and_changes_nothing(string json, string field)
    {
        var tenant = ReviewKit.NewTenant();
        var admin = WorkflowKit.Admin(factory, tenant);
        var request = new HttpRequestMessage(HttpMethod.Put, "/workflow") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", "\"0\"");

        var problem = await (await admin.SendAsync(request)).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, (await WorkflowKit.GetAsync(admin)).Workflow.WorkflowVersion);
    }

    [Theory]
    [InlineData("director")]
    [InlineData("leader")]
    [InlineData("chair")]
    [InlineData("staff-editor")]
    public async Task Only_a_tenant_admin_sets_the_workflow(string role)
    {
        var tenant = ReviewKit.NewTenant();
        var client = As(tenant, Guid.NewGuid(), role);

        var response = await WorkflowKit.SendAsync(client, HttpMethod.Put, "/workflow", new { stages = new[] { Stage("审定", "leader") } }, "\"0\"");

        Assert.Equal("forbidden", (await response.ReadProblemAsync(403)).GetProperty("code").GetString());
        Assert.Equal(0, (await WorkflowKit.GetAsync(client)).Workflow.WorkflowVersion);
    }

    [Fact]
    public async Task A_change_applies_to_new_cases_only()
    {
        var tenant = ReviewKit.NewTenant();
        var before = await _kit.OpenCaseAsync(tenant);
        await WorkflowKit.SetAsync(factory, tenant, Stage("初核", "director"), Stage("终审", "leader"));
        var after = await _kit.OpenCaseAsync(tenant);

        Assert.Equal(("初审", "staff-editor"), (before.Stage, before.StageRole));
        Assert.Equal(("初核", "director"), (after.Stage, after.StageRole));
        // The old case keeps following the default: a staff editor passes it to 复审.
        var passed = await ReviewKit.DecideAsAsync(As(tenant, Guid.NewGuid(), PlatformRoles.StaffEditor), before.Id, new { action = "pass" },
            await _kit.ETagAsync(tenant, before.Id));
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal("复审", (await _kit.GetCaseAsync(tenant, before.Id)).Stage);
        // The new one follows the new: 初核 is the director's, not the staff editor's.
        var refused = await ReviewKit.DecideAsAsync(As(tenant, Guid.NewGuid(), PlatformRoles.StaffEditor), after.Id, new { action = "pass" },
            await _kit.ETagAsync(tenant, after.Id));
        Assert.Equal("wrong-stage-role", (await refused.ReadProblemAsync(403)).GetProperty("code").GetString());
        var moved = await _kit.DecideOkAsync(tenant, after.Id, new { action = "pass" });
        Assert.Equal(("终审", "leader"), (moved.Stage, moved.StageRole));
        // The list names each case's stage by its own version.
        var listed = (await _kit.ListAsync(tenant, "")).Items.ToDictionary(c => c.Id, c => c.Stage);
        Assert.Equal(("复审", "终审"), (listed[before.Id], listed[after.Id]));
    }

    [Fact]
    public async Task A_one_stage_workflow_adopts_at_its_only_stage()
    {
        var tenant = ReviewKit.NewTenant();
        await WorkflowKit.SetAsync(factory, tenant, Stage("审定", "leader"));
        var opened = await _kit.OpenCaseAsync(tenant);
        var leader = As(tenant, Guid.NewGuid(), PlatformRoles.Leader);

        var pass = await ReviewKit.DecideAsAsync(leader, opened.Id, new { action = "pass" }, await _kit.ETagAsync(tenant, opened.Id));
        Assert.Equal("last-stage", (await pass.ReadProblemAsync(409)).GetProperty("code").GetString());
        var adopt = await ReviewKit.DecideAsAsync(leader, opened.Id, new { action = "adopt", adoptionLevel = "own-body" }, await _kit.ETagAsync(tenant, opened.Id));

        Assert.Equal(HttpStatusCode.OK, adopt.StatusCode);
        var adopted = (await adopt.Content.ReadFromJsonAsync<CaseDto>(ReviewKit.Json))!;
        Assert.Equal(("adopted", "审定"), (adopted.Status, adopted.Stage));
        Assert.Equal("SubmissionAdopted", Assert.Single(await _kit.OutboxRowsAsync(opened.SubmissionId)).Type);
    }

    [Fact]
    public async Task Named_reviewers_alone_decide_at_their_stage()
    {
        var tenant = ReviewKit.NewTenant();
        var (named, other) = (await _kit.KnownPersonAsync(tenant), Guid.NewGuid());
        await WorkflowKit.SetAsync(factory, tenant, Stage("初审", "staff-editor", reviewers: [named]), Stage("审定", "leader"));
        var opened = await _kit.OpenCaseAsync(tenant);

        var refused = await ReviewKit.DecideAsAsync(As(tenant, other, PlatformRoles.StaffEditor), opened.Id, new { action = "pass" },
            await _kit.ETagAsync(tenant, opened.Id));
        Assert.Equal("not-stage-reviewer", (await refused.ReadProblemAsync(403)).GetProperty("code").GetString());
        // The named person without the stage's role is refused too.
        var wrongRole = await ReviewKit.DecideAsAsync(As(tenant, named, PlatformRoles.Director), opened.Id, new { action = "pass" },
            await _kit.ETagAsync(tenant, opened.Id));
        Assert.Equal("wrong-stage-role", (await wrongRole.ReadProblemAsync(403)).GetProperty("code").GetString());
        Assert.Equal(0, await _kit.DecisionCountAsync(opened.Id));

        var passed = await ReviewKit.DecideAsAsync(As(tenant, named, PlatformRoles.StaffEditor), opened.Id, new { action = "pass" },
            await _kit.ETagAsync(tenant, opened.Id));
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal("审定", (await _kit.GetCaseAsync(tenant, opened.Id)).Stage);
    }

    [Fact]
    public async Task A_reviewer_must_be_a_person_of_the_tenant_announced_by_the_people_service()
    {
        var (tenant, other) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var admin = WorkflowKit.Admin(factory, tenant);
        var ofOther = await _kit.KnownPersonAsync(other, name: "别的机构的人");
        var announced = Guid.NewGuid();

        foreach (var stranger in new[] { Guid.NewGuid(), ofOther })
        {
            var refused = await WorkflowKit.SendAsync(admin, HttpMethod.Put, "/workflow",
                new { stages = new[] { Stage("初审", "staff-editor", reviewers: [stranger]) } }, "\"0\"");
            var problem = await refused.ReadProblemAsync(400);
            Assert.True(problem.GetProperty("errors").TryGetProperty("stages[0].reviewerPersonIds[0]", out _), problem.ToString());
        }
        Assert.True((await WorkflowKit.GetAsync(admin)).Workflow.IsDefault);

        // Once the people service's PersonRegistered has been consumed, the person may be named.
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.PublishAsync(tenant,
            new SheqingMinyi.IntegrationEvents.PersonRegistered(announced, "王芳", null, ["staff"])), ReviewKit.ConsumerGroup);
        var set = await WorkflowKit.SetAsync(factory, tenant, Stage("初审", "staff-editor", reviewers: [announced]));
        Assert.Equal([announced], set.Stages[0].ReviewerPersonIds);
    }
}
