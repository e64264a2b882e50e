using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// Who may read cases and decide: staff read, members and officers do not; partners read with review.read and never
/// decide; each stage is decided by its own role (初审 staff-editor, 复审 director, 审定 leader) or the chair.
/// Every refusal is 403 problem+json and changes nothing.
/// </summary>
public sealed class RoleTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    private HttpClient As(string tenant, params string[] roles) => factory.ClientFor(tenant, roles, Guid.NewGuid());

    private HttpClient Partner(string tenant, params string[] scopes) =>
        factory.ClientWithToken(TestTokens.Create(tenant, ["partner"], scopes: scopes, clientId: "x"));

    /// <summary>Everything a refused decision must leave alone.</summary>
    private sealed record Snapshot(string Status, string Stage, int Round, DateTimeOffset UpdatedAt, long Decisions, int OutboxRows);

    private async Task<Snapshot> SnapshotAsync(string tenant, CaseDto reviewCase)
    {
        var now = await _kit.GetCaseAsync(tenant, reviewCase.Id);
        return new Snapshot(now.Status, now.Stage, now.Round, now.UpdatedAt, await _kit.DecisionCountAsync(reviewCase.Id),
            (await _kit.OutboxRowsAsync(reviewCase.SubmissionId)).Count);
    }

    private async Task AssertRefusedAsync(string tenant, CaseDto reviewCase, HttpClient client, object decision, string code)
    {
        var before = await SnapshotAsync(tenant, reviewCase);
        var response = await ReviewKit.DecideAsAsync(client, reviewCase.Id, decision, await _kit.ETagAsync(tenant, reviewCase.Id));
        Assert.Equal(code, (await response.ReadProblemAsync(403)).GetProperty("code").GetString());
        Assert.Equal(before, await SnapshotAsync(tenant, reviewCase));
    }

    private static async Task<CaseDto> DecidedOkAsync(HttpClient client, Guid caseId, object decision)
    {
        var response = await ReviewKit.DecideAsAsync(client, caseId, decision, await ReviewKit.ETagAsAsync(client, caseId));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CaseDto>(ReviewKit.Json))!;
    }

    /// <summary>A new case at 复审 (passed 初审 by a staff editor).</summary>
    private async Task<CaseDto> CaseAtSecondStageAsync(string tenant)
    {
        var opened = await _kit.OpenCaseAsync(tenant);
        return await DecidedOkAsync(As(tenant, PlatformRoles.StaffEditor), opened.Id, new { action = "pass" });
    }

    // ---- reading ----

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task Members_and_officers_can_neither_list_nor_read_cases(string role)
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        var client = As(tenant, role);

        Assert.Equal("forbidden", (await (await client.GetAsync("/cases")).ReadProblemAsync(403)).GetProperty("code").GetString());
        Assert.Equal("forbidden", (await (await client.GetAsync($"/cases/{opened.Id}")).ReadProblemAsync(403)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task Members_and_officers_cannot_decide(string role)
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        await AssertRefusedAsync(tenant, opened, As(tenant, role), new { action = "pass" }, "forbidden");
    }

    [Theory]
    [InlineData("staff-editor")]
    [InlineData("director")]
    [InlineData("leader")]
    [InlineData("chair")]
    [InlineData("tenant-admin")]
    public async Task Staff_list_and_read_cases(string role)
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        var client = As(tenant, role);

        var page = await client.GetFromJsonAsync<PageDto<CaseDto>>("/cases", ReviewKit.Json);
        var read = await client.GetFromJsonAsync<CaseDto>($"/cases/{opened.Id}", ReviewKit.Json);

        Assert.Equal([opened.Id], page!.Items.Select(c => c.Id));
        Assert.Equal(opened.SubmissionId, read!.SubmissionId);
    }

    [Fact]
    public async Task A_partner_with_review_read_reads_cases_but_cannot_decide()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        var partner = Partner(tenant, "review.read");

        var page = await partner.GetFromJsonAsync<PageDto<CaseDto>>("/cases", ReviewKit.Json);
        var read = await partner.GetFromJsonAsync<CaseDto>($"/cases/{opened.Id}", ReviewKit.Json);

        Assert.Equal([opened.Id], page!.Items.Select(c => c.Id));
        Assert.Equal("初审", read!.Stage);
        await AssertRefusedAsync(tenant, opened, partner, new { action = "pass" }, "forbidden");
        await AssertRefusedAsync(tenant, opened, partner, new { action = "reject", comment = "合作方拒绝" }, "forbidden");
    }

    [Theory]
    [InlineData("")]
    [InlineData("intake.read intake.submit people.read scoring.read training.read")]
    public async Task A_partner_without_review_read_cannot_read_cases(string scopes)
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        var partner = Partner(tenant, scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal("forbidden", (await (await partner.GetAsync("/cases")).ReadProblemAsync(403)).GetProperty("code").GetString());
        Assert.Equal("forbidden", (await (await partner.GetAsync($"/cases/{opened.Id}")).ReadProblemAsync(403)).GetProperty("code").GetString());
    }

    // ---- deciding, stage by stage ----

    [Theory]
    [InlineData("director")]
    [InlineData("leader")]
    [InlineData("tenant-admin")]
    public async Task At_the_first_stage_only_a_staff_editor_decides(string role)
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        await AssertRefusedAsync(tenant, opened, As(tenant, role), new { action = "pass" }, "wrong-stage-role");
        await AssertRefusedAsync(tenant, opened, As(tenant, role), new { action = "reject", comment = "越级否决" }, "wrong-stage-role");
        Assert.Equal("初审", (await _kit.GetCaseAsync(tenant, opened.Id)).Stage);

        var passed = await DecidedOkAsync(As(tenant, PlatformRoles.StaffEditor), opened.Id, new { action = "pass" });
        Assert.Equal(("复审", "open"), (passed.Stage, passed.Status));
        Assert.Equal(["初审:pass"], passed.Decisions.Select(d => $"{d.Stage}:{d.Action}"));
    }

    [Theory]
    [InlineData("staff-editor")]
    [InlineData("leader")]
    [InlineData("tenant-admin")]
    public async Task At_the_second_stage_only_a_director_decides(string role)
    {
        var tenant = ReviewKit.NewTenant();
        var atSecond = await CaseAtSecondStageAsync(tenant);

        await AssertRefusedAsync(tenant, atSecond, As(tenant, role), new { action = "pass" }, "wrong-stage-role");
        await AssertRefusedAsync(tenant, atSecond, As(tenant, role), new { action = "return", comment = "越级退回" }, "wrong-stage-role");
        Assert.Equal("复审", (await _kit.GetCaseAsync(tenant, atSecond.Id)).Stage);

        var passed = await DecidedOkAsync(As(tenant, PlatformRoles.Director), atSecond.Id, new { action = "pass" });
        Assert.Equal(("审定", "open"), (passed.Stage, passed.Status));
        Assert.Equal(["初审:pass", "复审:pass"], passed.Decisions.Select(d => $"{d.Stage}:{d.Action}"));
    }

    [Theory]
    [InlineData("staff-editor")]
    [InlineData("director")]
    [InlineData("tenant-admin")]
    public async Task At_the_final_stage_only_a_leader_decides(string role)
    {
        var tenant = ReviewKit.NewTenant();
        var atFinal = await _kit.CaseAtFinalStageAsync(tenant);

        await AssertRefusedAsync(tenant, atFinal, As(tenant, role), new { action = "adopt", adoptionLevel = "own-body" }, "wrong-stage-role");
        await AssertRefusedAsync(tenant, atFinal, As(tenant, role), new { action = "reject", comment = "越级否决" }, "wrong-stage-role");
        Assert.Empty(await _kit.OutboxRowsAsync(atFinal.SubmissionId));

        var adopted = await DecidedOkAsync(As(tenant, PlatformRoles.Leader), atFinal.Id, new { action = "adopt", adoptionLevel = "own-body" });
        Assert.Equal(("审定", "adopted"), (adopted.Stage, adopted.Status));
        Assert.Equal("SubmissionAdopted", Assert.Single(await _kit.OutboxRowsAsync(atFinal.SubmissionId)).Type);
    }

    [Fact]
    public async Task A_chair_decides_at_every_stage()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        var chair = As(tenant, PlatformRoles.Chair);

        var first = await DecidedOkAsync(chair, opened.Id, new { action = "pass" });
        var second = await DecidedOkAsync(chair, opened.Id, new { action = "pass" });
        var adopted = await DecidedOkAsync(chair, opened.Id, new { action = "adopt", adoptionLevel = "parent-body" });

        Assert.Equal("复审", first.Stage);
        Assert.Equal("审定", second.Stage);
        Assert.Equal("adopted", adopted.Status);
        Assert.Equal(["初审:pass", "复审:pass", "审定:adopt"], adopted.Decisions.Select(d => $"{d.Stage}:{d.Action}"));
    }

    [Fact]
    public async Task A_chair_may_return_at_the_first_stage()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        var returned = await DecidedOkAsync(As(tenant, PlatformRoles.Chair), opened.Id, new { action = "return", comment = "请补充材料" });

        Assert.Equal("returned", returned.Status);
        Assert.Equal("SubmissionReturned", Assert.Single(await _kit.OutboxRowsAsync(opened.SubmissionId)).Type);
    }

    // ---- dead letters: the tenant's administrator only ----

    [Theory]
    [InlineData("member")]
    [InlineData("staff-editor")]
    [InlineData("chair")]
    public async Task Only_a_tenant_admin_sees_dead_letters(string role)
    {
        var tenant = ReviewKit.NewTenant();

        Assert.Equal("forbidden", (await (await As(tenant, role).GetAsync("/admin/dead-letters")).ReadProblemAsync(403)).GetProperty("code").GetString());
        Assert.Equal("forbidden", (await (await Partner(tenant, PlatformScopes.All).GetAsync("/admin/dead-letters")).ReadProblemAsync(403)).GetProperty("code").GetString());
        var admin = await As(tenant, PlatformRoles.TenantAdmin).GetAsync("/admin/dead-letters");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }
}
