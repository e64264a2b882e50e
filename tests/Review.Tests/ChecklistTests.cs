using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// 五关: where the tenant's stage asks for it (checklistRequired, the default of a tenant's own stages), a pass or an
/// adoption is refused 409 checklist-incomplete until all five checks are marked passed at that stage in the round.
/// The marks stay on the case, per stage and round.
/// </summary>
public sealed class ChecklistTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    public static readonly string[] Items = ["political", "policy", "facts", "format", "text"];

    public static object AllPassed => new { checks = Items.Select(item => new { item, passed = true }) };

    private async Task<HttpResponseMessage> MarkAsync(string tenant, Guid caseId, object body, HttpClient? client = null) =>
        await WorkflowKit.SendAsync(client ?? _kit.Client(tenant), HttpMethod.Put, $"/cases/{caseId}/checklist", body, await _kit.ETagAsync(tenant, caseId));

    private async Task<CaseDto> MarkOkAsync(string tenant, Guid caseId, object body)
    {
        var response = await MarkAsync(tenant, caseId, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CaseDto>(ReviewKit.Json))!;
    }

    /// <summary>A tenant whose two stages (初审 staff-editor, 审定 leader) require the checklist.</summary>
    private async Task<string> ChecklistTenantAsync()
    {
        var tenant = ReviewKit.NewTenant();
        await WorkflowKit.SetAsync(factory, tenant, new { name = "初审", role = "staff-editor" }, new { name = "审定", role = "leader" });
        return tenant;
    }

    [Fact]
    public async Task A_pass_waits_for_all_five_checks_passed()
    {
        var tenant = await ChecklistTenantAsync();
        var opened = await _kit.OpenCaseAsync(tenant);

        var unchecked_ = await (await _kit.DecideAsync(tenant, opened.Id, new { action = "pass" })).ReadProblemAsync(409);
        Assert.Equal(("checklist-incomplete", "五关审核未全部通过"), (unchecked_.GetProperty("code").GetString(), unchecked_.GetProperty("title").GetString()));

        await MarkOkAsync(tenant, opened.Id, new { checks = Items[..4].Select(item => new { item, passed = true }) });
        await (await _kit.DecideAsync(tenant, opened.Id, new { action = "pass" })).ReadProblemAsync(409);
        var failed = await MarkOkAsync(tenant, opened.Id, new { checks = new[] { new { item = "text", passed = false, comment = "错别字较多" } } });
        Assert.False(Assert.Single(failed.Checklists!).Complete);
        await (await _kit.DecideAsync(tenant, opened.Id, new { action = "pass" })).ReadProblemAsync(409);
        Assert.Equal(0, await _kit.DecisionCountAsync(opened.Id));

        await MarkOkAsync(tenant, opened.Id, new { checks = new[] { new { item = "text", passed = true } } });
        var passed = await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });

        Assert.Equal("审定", passed.Stage);
        var record = Assert.Single(passed.Checklists!);
        Assert.Equal(("初审", 1, true), (record.Stage, record.Round, record.Complete));
        Assert.Equal(["political:政治关", "policy:政策关", "facts:事实关", "format:格式关", "text:文字关"],
            record.Checks.Select(c => $"{c.Item}:{c.Label}"));
        Assert.All(record.Checks, c => Assert.True(c.Passed));
    }

    [Fact]
    public async Task Adoption_at_the_last_stage_waits_for_that_stages_checklist()
    {
        var tenant = await ChecklistTenantAsync();
        var opened = await _kit.OpenCaseAsync(tenant);
        await MarkOkAsync(tenant, opened.Id, AllPassed);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });

        // 初审's marks do not count at 审定.
        var refused = await (await _kit.DecideAsync(tenant, opened.Id, new { action = "adopt", adoptionLevel = "own-body" })).ReadProblemAsync(409);
        Assert.Equal("checklist-incomplete", refused.GetProperty("code").GetString());
        Assert.Empty(await _kit.OutboxRowsAsync(opened.SubmissionId));
        await MarkOkAsync(tenant, opened.Id, AllPassed);
        var adopted = await _kit.DecideOkAsync(tenant, opened.Id, new { action = "adopt", adoptionLevel = "own-body" });

        Assert.Equal("adopted", adopted.Status);
        Assert.Equal(["初审", "审定"], adopted.Checklists!.Select(c => c.Stage));
    }

    [Fact]
    public async Task Reject_and_return_need_no_checklist()
    {
        var tenant = await ChecklistTenantAsync();
        var opened = await _kit.OpenCaseAsync(tenant);

        var rejected = await _kit.DecideOkAsync(tenant, opened.Id, new { action = "reject", comment = "不予采用" });

        Assert.Equal("rejected", rejected.Status);
    }

    public static TheoryData<string, string> BadChecklists => new()
    {
        { """{"checks":[]}""", "checks" },
        { """{}""", "checks" },
        { """{"checks":[{"item":"spelling","passed":true}]}""", "checks[0].item" },
        { """{"checks":[{"passed":true}]}""", "checks[0].item" },
        { """{"checks":[{"item":"facts","passed":true},{"item":"facts","passed":true}]}""", "checks[1].item" },
        { """{"checks":[{"item":"facts"}]}""", "checks[0].passed" },
        { """{"checks":[{"item":"facts","passed":false}]}""", "checks[0].comment" },
        { """{"checks":[{"item":"facts","passed":false,"comment":"  "}]}""", "checks[0].comment" },
        { $$"""{"checks":[{"item":"facts","passed":false,"comment":"{{new string('错', 501)}}"}]}""", "checks[0].comment" },
    };

    [Theory]
    [MemberData(nameof(BadChecklists))]
    public async Task A_bad_checklist_is_a_400_naming_the_field_and_changes_nothing(string json, string field)
    {
        var tenant = await ChecklistTenantAsync();
        var opened = await _kit.OpenCaseAsync(tenant);
        var request = new HttpRequestMessage(HttpMethod.Put, $"/cases/{opened.Id}/checklist")
        { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", await _kit.ETagAsync(tenant, opened.Id));

        var problem = await (await _kit.Client(tenant).SendAsync(request)).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty((await _kit.GetCaseAsync(tenant, opened.Id)).Checklists!);
    }

    [Fact]
    public async Task Marking_needs_the_current_etag_and_the_stages_role()
    {
        var tenant = await ChecklistTenantAsync();
        var opened = await _kit.OpenCaseAsync(tenant);
        var path = $"/cases/{opened.Id}/checklist";

        await (await WorkflowKit.SendAsync(_kit.Client(tenant), HttpMethod.Put, path, AllPassed, null)).ReadProblemAsync(428);
        await (await WorkflowKit.SendAsync(_kit.Client(tenant), HttpMethod.Put, path, AllPassed, "\"1\"")).ReadProblemAsync(412);
        var leader = factory.ClientFor(tenant, [PlatformRoles.Leader], Guid.NewGuid());
        var wrongRole = await (await MarkAsync(tenant, opened.Id, AllPassed, leader)).ReadProblemAsync(403);
        Assert.Equal("wrong-stage-role", wrongRole.GetProperty("code").GetString());
        var member = factory.ClientFor(tenant, [PlatformRoles.Member], Guid.NewGuid());
        await (await MarkAsync(tenant, opened.Id, AllPassed, member)).ReadProblemAsync(403);

        Assert.Empty((await _kit.GetCaseAsync(tenant, opened.Id)).Checklists!);
    }

    [Fact]
    public async Task Two_reviewers_passing_at_once_with_the_same_etag_let_one_through()
    {
        var tenant = await ChecklistTenantAsync();
        var opened = await _kit.OpenCaseAsync(tenant);
        await MarkOkAsync(tenant, opened.Id, AllPassed);
        var etag = await _kit.ETagAsync(tenant, opened.Id);
        var (first, second) = (factory.ClientFor(tenant, [PlatformRoles.StaffEditor], Guid.NewGuid()),
            factory.ClientFor(tenant, [PlatformRoles.StaffEditor], Guid.NewGuid()));

        var responses = await Task.WhenAll(
            ReviewKit.DecideAsAsync(first, opened.Id, new { action = "pass" }, etag),
            ReviewKit.DecideAsAsync(second, opened.Id, new { action = "pass" }, etag));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], responses.Select(r => r.StatusCode).Order());
        Assert.Equal(1, await _kit.DecisionCountAsync(opened.Id));
        Assert.Equal("审定", (await _kit.GetCaseAsync(tenant, opened.Id)).Stage);
        Assert.Single(await _kit.AllOutboxRowsAsync(opened.SubmissionId), r => r.Type == "CaseStagePassed");
    }

    [Fact]
    public async Task The_default_workflow_asks_for_no_checklist()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        var passed = await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });

        Assert.Equal("复审", passed.Stage);
        Assert.Empty(passed.Checklists!);
    }
}
