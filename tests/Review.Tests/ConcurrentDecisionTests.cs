using System.Net;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// Reviewers acting on the same case at once, each with the ETag they read: one decision goes through, the others
/// get 412 precondition-failed and record nothing, however they interleave (If-Match check or the UPDATE's row version).
/// </summary>
public sealed class ConcurrentDecisionTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    [Fact]
    public async Task Two_concurrent_closing_decisions_at_one_stage_let_exactly_one_through()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        var etag = await _kit.ETagAsync(tenant, opened.Id);

        var responses = await Task.WhenAll(
            _kit.DecideAsync(tenant, opened.Id, new { action = "return", comment = "请补充" }, etag),
            _kit.DecideAsync(tenant, opened.Id, new { action = "reject", comment = "不予采用" }, etag));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], responses.Select(r => r.StatusCode).Order());
        var winner = await _kit.GetCaseAsync(tenant, opened.Id);
        var decision = Assert.Single(winner.Decisions);
        Assert.Equal("初审", decision.Stage);
        Assert.Equal(1, await _kit.DecisionCountAsync(opened.Id));
        var row = Assert.Single(await _kit.OutboxRowsAsync(opened.SubmissionId));
        Assert.Equal(decision.Action == "return" ? ("returned", "SubmissionReturned") : ("rejected", "SubmissionRejected"),
            (winner.Status, row.Type));
    }

    [Fact]
    public async Task Concurrent_passes_with_the_same_etag_move_the_case_one_stage_only()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        var etag = await _kit.ETagAsync(tenant, opened.Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _kit.DecideAsync(tenant, opened.Id, new { action = "pass" }, etag)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            Assert.Equal("precondition-failed", (await lost.ReadProblemAsync(412)).GetProperty("code").GetString());
        var reviewCase = await _kit.GetCaseAsync(tenant, opened.Id);
        Assert.Equal(["初审"], reviewCase.Decisions.Select(d => d.Stage));
        Assert.Equal(1, await _kit.DecisionCountAsync(opened.Id));
        Assert.Equal("复审", reviewCase.Stage);
    }

    [Fact]
    public async Task Many_identical_returns_record_one_decision_and_one_event()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        var etag = await _kit.ETagAsync(tenant, opened.Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            _kit.DecideAsync(tenant, opened.Id, new { action = "return", comment = "请补充" }, etag)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await refused.ReadProblemAsync(412);
        Assert.Equal(1, await _kit.DecisionCountAsync(opened.Id));
        Assert.Single(await _kit.OutboxRowsAsync(opened.SubmissionId));
    }
}
