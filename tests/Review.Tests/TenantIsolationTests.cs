using System.Net.Http.Json;
using System.Net;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>A tenant sees and decides only its own cases.</summary>
public sealed class TenantIsolationTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    [Fact]
    public async Task A_case_of_tenant_A_is_invisible_and_undecidable_for_tenant_B()
    {
        var (tenantA, tenantB) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var caseOfA = await _kit.OpenCaseAsync(tenantA);

        await (await _kit.Client(tenantB).GetAsync($"/cases/{caseOfA.Id}")).ReadProblemAsync(404);
        await (await _kit.DecideAsync(tenantB, caseOfA.Id, new { action = "pass" })).ReadProblemAsync(404);
        Assert.Equal(0, (await _kit.ListAsync(tenantB, "")).Total);
        Assert.Equal(0, (await _kit.ListAsync(tenantB, $"submissionId={caseOfA.SubmissionId}")).Total);

        var unchanged = await _kit.GetCaseAsync(tenantA, caseOfA.Id);
        Assert.Equal(("初审", 0), (unchanged.Stage, unchanged.Decisions.Count));
    }

    [Fact]
    public async Task The_adoption_ladder_of_tenant_A_is_404_for_tenant_B()
    {
        var (tenantA, tenantB) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var atFinal = await _kit.CaseAtFinalStageAsync(tenantA);
        await _kit.DecideOkAsync(tenantA, atFinal.Id, new { action = "adopt", adoptionLevel = "own-body" });

        await (await _kit.Client(tenantB).GetAsync($"/submissions/{atFinal.SubmissionId}/adoptions")).ReadProblemAsync(404);
        Assert.Equal(HttpStatusCode.OK, (await _kit.Client(tenantA).GetAsync($"/submissions/{atFinal.SubmissionId}/adoptions")).StatusCode);
    }

    [Fact]
    public async Task Tenant_B_cannot_forward_A_s_case_nor_list_A_s_forwardings()
    {
        var (parent, tenantA, tenantB) = (ReviewKit.NewTenant(), ReviewKit.NewTenant(), ReviewKit.NewTenant());
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, parent, "重庆市政协", null);
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, tenantA, "沙坪坝区政协", parent);
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, tenantB, "民建重庆市委", parent);
        var caseOfA = await _kit.CaseAtFinalStageAsync(tenantA);
        await _kit.DecideOkAsync(tenantA, caseOfA.Id, new { action = "adopt", adoptionLevel = "own-body" });

        await (await ForwardingTests.ForwardAsync(_kit.Client(tenantB), caseOfA.Id, new { }, await _kit.ETagAsync(tenantA, caseOfA.Id)))
            .ReadProblemAsync(404);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await ForwardingTests.ForwardAsync(_kit.Client(tenantA), caseOfA.Id, new { },
            await _kit.ETagAsync(tenantA, caseOfA.Id))).StatusCode);

        var listOfB = await (await _kit.Client(tenantB).GetAsync("/forwardings")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(0, listOfB.GetProperty("total").GetInt32());
        var listOfA = await (await _kit.Client(tenantA).GetAsync("/forwardings")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(1, listOfA.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_same_submission_id_in_two_tenants_opens_two_separate_cases()
    {
        var (tenantA, tenantB) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var submitted = ReviewKit.NewSubmission();
        var caseOfA = await _kit.OpenCaseAsync(tenantA, submitted);
        var caseOfB = await _kit.OpenCaseAsync(tenantB, submitted with { Title = "另一机构的同号信息" });

        Assert.NotEqual(caseOfA.Id, caseOfB.Id);
        await _kit.DecideOkAsync(tenantA, caseOfA.Id, new { action = "pass" });

        Assert.Equal("初审", (await _kit.GetCaseAsync(tenantB, caseOfB.Id)).Stage);
        Assert.Equal("另一机构的同号信息", (await _kit.GetCaseAsync(tenantB, caseOfB.Id)).Title);
        Assert.Equal(2, await _kit.CaseCountAsync(submitted.SubmissionId));
    }

    [Fact]
    public async Task The_checklist_assign_and_queue_routes_do_not_reach_another_tenants_case()
    {
        var (tenantA, tenantB) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var caseOfA = await _kit.OpenCaseAsync(tenantA);
        var me = await _kit.KnownPersonAsync(tenantA);
        var etagOfA = await _kit.ETagAsync(tenantA, caseOfA.Id);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await WorkflowKit.SendAsync(_kit.Client(tenantA), HttpMethod.Post, $"/cases/{caseOfA.Id}/assign",
            new { reviewerPersonId = me }, etagOfA)).StatusCode);
        await _kit.AgeStageAsync(caseOfA.Id, 30);
        etagOfA = await _kit.ETagAsync(tenantA, caseOfA.Id);
        var clientOfB = factory.ClientFor(tenantB, personId: me);

        await (await WorkflowKit.SendAsync(clientOfB, HttpMethod.Put, $"/cases/{caseOfA.Id}/checklist", ChecklistTests.AllPassed, etagOfA)).ReadProblemAsync(404);
        await (await WorkflowKit.SendAsync(clientOfB, HttpMethod.Post, $"/cases/{caseOfA.Id}/assign", new { reviewerPersonId = me }, etagOfA)).ReadProblemAsync(404);
        await (await _kit.DecideAsync(tenantB, caseOfA.Id, new { action = "return", toStage = "初审", comment = "x" }, etagOfA)).ReadProblemAsync(404);
        foreach (var queue in new[] { "mine", "stage", "overdue" })
        {
            var page = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<PageDto<CaseDto>>(clientOfB, $"/queues/{queue}", ReviewKit.Json);
            Assert.Equal(0, page!.Total);
        }

        var unchanged = await _kit.GetCaseAsync(tenantA, caseOfA.Id);
        Assert.Equal((me, 0, true), (unchanged.Assignee!.Value, unchanged.Checklists!.Count, unchanged.Overdue));
        var mineOfA = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<PageDto<CaseDto>>(factory.ClientFor(tenantA, personId: me), "/queues/mine", ReviewKit.Json);
        Assert.Equal([caseOfA.Id], mineOfA!.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task A_workflow_set_by_tenant_A_is_neither_read_nor_followed_by_tenant_B()
    {
        var (tenantA, tenantB) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        await WorkflowKit.SetAsync(factory, tenantA, new { name = "唯一审核", role = "leader" });

        var (workflowOfB, etagOfB) = await WorkflowKit.GetAsync(_kit.Client(tenantB));
        var caseOfB = await _kit.OpenCaseAsync(tenantB);

        Assert.Equal((0, "\"0\""), (workflowOfB.WorkflowVersion, etagOfB));
        Assert.Equal("初审", caseOfB.Stage);
        Assert.Equal(1, (await WorkflowKit.GetAsync(_kit.Client(tenantA))).Workflow.WorkflowVersion);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bad_Tenant")]
    [InlineData("-starts-with-dash")]
    public async Task A_request_without_a_valid_tenant_is_refused(string? tenant)
    {
        // No token at all is 401; a valid token whose tenant claim is malformed is 403.
        var client = tenant is null ? factory.CreateClient() : factory.ClientWithToken(TestTokens.Create(tenant));

        var problem = await (await client.GetAsync("/cases")).ReadProblemAsync(tenant is null ? 401 : 403);

        Assert.Equal(tenant is null ? "unauthenticated" : "tenant-invalid", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_person_s_feedback_of_tenant_A_is_invisible_and_unmarkable_for_the_same_person_id_in_tenant_B()
    {
        var (tenantA, tenantB) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var liu = Guid.NewGuid();
        await _kit.CaseAtFinalStageAsync(tenantA, ReviewKit.NewSubmission() with { AuthorPersonId = liu, Authors = [new(liu, 1, 1m)] });
        var feedback = new FeedbackKit(factory);
        var mine = await feedback.InboxAsync(tenantA, liu);
        Assert.Equal(2, mine.Total);

        Assert.Equal((0, 0), ((await feedback.InboxAsync(tenantB, liu)).Total, (await feedback.InboxAsync(tenantB, liu)).Unread));
        var inB = feedback.Person(tenantB, liu);
        await (await FeedbackKit.PostAsync(inB, $"/feedback/inbox/{mine.Items[0].Id}/read")).ReadProblemAsync(404);
        await FeedbackKit.PostAsync(inB, "/feedback/inbox/read-all");
        var adminB = factory.ClientFor(tenantB, [SheqingMinyi.Security.PlatformRoles.TenantAdmin], Guid.NewGuid());
        Assert.Equal(0, (await (await adminB.GetAsync("/feedback/outgoing")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("total").GetInt32());

        Assert.Equal(2, (await feedback.InboxAsync(tenantA, liu, "unread=true")).Total); // untouched
    }
}
