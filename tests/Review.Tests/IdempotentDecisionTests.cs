using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>A decision retried with its Idempotency-Key (the answer was lost, the client sends it again) never moves a case twice.</summary>
public sealed class IdempotentDecisionTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    /// <summary>Keys are per client: every retry comes from the same reviewer (the same token subject).</summary>
    private readonly Dictionary<string, HttpClient> _reviewers = [];

    private Task<HttpResponseMessage> DecideAsync(string tenant, Guid caseId, object decision, string etag, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/cases/{caseId}/decisions") { Content = JsonContent.Create(decision) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        HttpClient? reviewer;
        lock (_reviewers)
            if (!_reviewers.TryGetValue(tenant, out reviewer)) _reviewers[tenant] = reviewer = factory.ClientWithToken(TestTokens.Create(tenant, clientId: "reviewer-1"));
        return reviewer.SendAsync(request);
    }

    [Fact]
    public async Task A_retried_pass_gets_the_first_answer_and_the_case_moves_one_stage()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        var etag = await _kit.ETagAsync(tenant, opened.Id);
        var key = Guid.NewGuid().ToString();

        var first = await DecideAsync(tenant, opened.Id, new { action = "pass" }, etag, key);
        var retry = await DecideAsync(tenant, opened.Id, new { action = "pass" }, etag, key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode); // not 412: the stale If-Match is never looked at again
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        var reviewCase = await _kit.GetCaseAsync(tenant, opened.Id);
        Assert.Equal(("复审", 1), (reviewCase.Stage, reviewCase.Decisions.Count));
        Assert.Equal(1, await _kit.DecisionCountAsync(opened.Id));
    }

    [Fact]
    public async Task Concurrent_retries_of_an_adoption_adopt_once_and_announce_once()
    {
        var tenant = ReviewKit.NewTenant();
        var atFinal = await _kit.CaseAtFinalStageAsync(tenant);
        var etag = await _kit.ETagAsync(tenant, atFinal.Id);
        var key = Guid.NewGuid().ToString();
        var adopt = new { action = "adopt", adoptionLevel = "own-body" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => DecideAsync(tenant, atFinal.Id, adopt, etag, key)));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK && !r.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(3, await _kit.DecisionCountAsync(atFinal.Id));
        Assert.Equal("SubmissionAdopted", Assert.Single(await _kit.OutboxRowsAsync(atFinal.SubmissionId)).Type);
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'review-decision' AND outcome LIKE 'adopt%'", tenant));
    }

    [Fact]
    public async Task The_key_of_one_decision_used_for_another_is_refused()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        var etag = await _kit.ETagAsync(tenant, opened.Id);
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(tenant, opened.Id, new { action = "pass" }, etag, key)).StatusCode);

        var other = await DecideAsync(tenant, opened.Id, new { action = "return", comment = "请补充" }, etag, key);

        Assert.Equal("idempotency-key-reused", (await other.ReadProblemAsync(422)).GetProperty("code").GetString());
        Assert.Equal(("复审", "open"), ((await _kit.GetCaseAsync(tenant, opened.Id)).Stage, (await _kit.GetCaseAsync(tenant, opened.Id)).Status));
    }
}
