using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>Decisions the workflow does not allow: 409 problem+json with a stable code, and nothing changes.</summary>
public sealed class DecisionRefusalTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    /// <summary>Everything a refused decision must leave alone.</summary>
    private sealed record Snapshot(string Status, string Stage, int Round, DateTimeOffset UpdatedAt, long Decisions, int OutboxRows);

    private async Task<Snapshot> SnapshotAsync(string tenant, CaseDto reviewCase)
    {
        var now = await _kit.GetCaseAsync(tenant, reviewCase.Id);
        return new Snapshot(now.Status, now.Stage, now.Round, now.UpdatedAt, await _kit.DecisionCountAsync(reviewCase.Id),
            (await _kit.OutboxRowsAsync(reviewCase.SubmissionId)).Count);
    }

    private async Task AssertRefusedAsync(string tenant, CaseDto reviewCase, object decision, string code)
    {
        var before = await SnapshotAsync(tenant, reviewCase);
        var response = await _kit.DecideAsync(tenant, reviewCase.Id, decision);
        var problem = await response.ReadProblemAsync(409);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(before, await SnapshotAsync(tenant, reviewCase));
    }

    [Fact]
    public async Task Adopting_at_the_first_stage_is_refused_as_not_deciding_stage()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        await AssertRefusedAsync(tenant, opened, new { action = "adopt", adoptionLevel = "own-body" }, "not-deciding-stage");
    }

    [Fact]
    public async Task Adopting_at_the_second_stage_is_refused_as_not_deciding_stage()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        await AssertRefusedAsync(tenant, opened, new { action = "adopt", adoptionLevel = "national" }, "not-deciding-stage");
    }

    [Fact]
    public async Task Passing_at_the_final_stage_is_refused_as_last_stage()
    {
        var tenant = ReviewKit.NewTenant();
        var atFinal = await _kit.CaseAtFinalStageAsync(tenant);
        await AssertRefusedAsync(tenant, atFinal, new { action = "pass" }, "last-stage");
    }

    [Fact]
    public async Task Adopting_without_a_level_is_refused_as_adoption_level_required()
    {
        var tenant = ReviewKit.NewTenant();
        var atFinal = await _kit.CaseAtFinalStageAsync(tenant);
        await AssertRefusedAsync(tenant, atFinal, new { action = "adopt" }, "adoption-level-required");
    }

    [Theory]
    [InlineData("return", null)]
    [InlineData("return", "")]
    [InlineData("reject", null)]
    [InlineData("reject", "   ")]
    public async Task Returning_or_rejecting_without_a_comment_is_refused_as_comment_required(string action, string? comment)
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        await AssertRefusedAsync(tenant, opened, new { action, comment }, "comment-required");
    }

    [Theory]
    [InlineData("pass")]
    [InlineData("return")]
    [InlineData("reject")]
    [InlineData("adopt")]
    public async Task Any_decision_on_an_adopted_case_is_refused_as_case_not_open(string action)
    {
        var tenant = ReviewKit.NewTenant();
        var atFinal = await _kit.CaseAtFinalStageAsync(tenant);
        await _kit.DecideOkAsync(tenant, atFinal.Id, new { action = "adopt", adoptionLevel = "own-body" });
        await AssertRefusedAsync(tenant, atFinal, new { action, adoptionLevel = "parent-body", comment = "再议" }, "case-not-open");
    }

    [Theory]
    [InlineData("pass")]
    [InlineData("return")]
    [InlineData("reject")]
    [InlineData("adopt")]
    public async Task Any_decision_on_a_rejected_case_is_refused_as_case_not_open(string action)
    {
        var tenant = ReviewKit.NewTenant();
        var atFinal = await _kit.CaseAtFinalStageAsync(tenant);
        await _kit.DecideOkAsync(tenant, atFinal.Id, new { action = "reject", comment = "重复" });
        await AssertRefusedAsync(tenant, atFinal, new { action, adoptionLevel = "own-body", comment = "再议" }, "case-not-open");
    }

    [Fact]
    public async Task A_decision_on_a_returned_case_is_refused_until_it_is_resubmitted()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "return", comment = "请补充" });
        await AssertRefusedAsync(tenant, opened, new { action = "pass" }, "case-not-open");
    }
}
