using System.Net;

namespace SheqingMinyi.Review.Tests;

/// <summary>Two reviewers acting on the same case at once: one decision per stage, never two.</summary>
public sealed class ConcurrentDecisionTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    [Fact]
    public async Task Two_concurrent_closing_decisions_at_one_stage_let_exactly_one_through()
    {
        // Return and reject both close the case, so whichever comes second must be refused however the two interleave.
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        var responses = await Task.WhenAll(
            _kit.DecideAsync(tenant, opened.Id, new { action = "return", comment = "请补充" }),
            _kit.DecideAsync(tenant, opened.Id, new { action = "reject", comment = "不予采用" }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var winner = await _kit.GetCaseAsync(tenant, opened.Id);
        var decision = Assert.Single(winner.Decisions);
        Assert.Equal("初审", decision.Stage);
        Assert.Equal(1, await _kit.DecisionCountAsync(opened.Id));
        var row = Assert.Single(await _kit.OutboxRowsAsync(opened.SubmissionId));
        Assert.Equal(decision.Action == "return" ? ("returned", "SubmissionReturned") : ("rejected", "SubmissionRejected"),
            (winner.Status, row.Type));
    }

    [Fact]
    public async Task Concurrent_passes_record_at_most_one_decision_per_stage()
    {
        // Passes that read the case at 初审 together race on its row version: one wins, the rest get 409.
        // Later ones may read it at 复审 and pass there, or at 审定 and be refused: never two decisions at one stage.
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _kit.DecideAsync(tenant, opened.Id, new { action = "pass" })));

        var ok = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var reviewCase = await _kit.GetCaseAsync(tenant, opened.Id);
        Assert.Equal(ok, reviewCase.Decisions.Count);
        Assert.Equal(ok, await _kit.DecisionCountAsync(opened.Id));
        Assert.InRange(ok, 1, 2);
        Assert.Equal(new[] { "初审", "复审" }.Take(ok), reviewCase.Decisions.Select(d => d.Stage));
        Assert.Equal(ok == 1 ? "复审" : "审定", reviewCase.Stage);
    }

    [Fact]
    public async Task A_decision_that_loses_the_race_gets_a_concurrent_decision_problem()
    {
        // Many identical returns at once: the losers that read the open case before the winner committed hit the row
        // version; those that read it afterwards see it returned. Either way the code is one a client can act on.
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            _kit.DecideAsync(tenant, opened.Id, new { action = "return", comment = "请补充" })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var problem = await SheqingMinyi.Tests.HttpAssertions.ReadProblemAsync(refused, 409);
            Assert.Contains(problem.GetProperty("code").GetString(), new[] { "concurrent-decision", "case-not-open" });
        }
        Assert.Equal(1, await _kit.DecisionCountAsync(opened.Id));
        Assert.Single(await _kit.OutboxRowsAsync(opened.SubmissionId));
    }
}
