using System.Net;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>A decision requires If-Match with the case's ETag: missing is 428, stale is 412, and neither decides anything.</summary>
public sealed class PreconditionTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    [Fact]
    public async Task A_case_read_carries_its_row_version_as_etag_and_if_none_match_gives_304()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        var etag = await _kit.ETagAsync(tenant, opened.Id);
        var version = await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT xmin::text::bigint FROM review_cases WHERE id = $1", opened.Id);
        Assert.Equal($"\"{version}\"", etag);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/cases/{opened.Id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        Assert.Equal(HttpStatusCode.NotModified, (await _kit.Client(tenant).SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_decision_without_if_match_is_a_428_problem_and_decides_nothing()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        var response = await ReviewKit.DecideAsAsync(_kit.Client(tenant), opened.Id, new { action = "pass" }, etag: null);

        Assert.Equal("precondition-required", (await response.ReadProblemAsync(428)).GetProperty("code").GetString());
        Assert.Equal(0, await _kit.DecisionCountAsync(opened.Id));
    }

    [Fact]
    public async Task A_decision_with_a_stale_etag_is_a_412_problem_and_decides_nothing()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        var stale = await _kit.ETagAsync(tenant, opened.Id);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });

        // The reviewer at 复审 acts on what they saw at 初审: refused, rather than deciding a stage they never looked at.
        var response = await _kit.DecideAsync(tenant, opened.Id, new { action = "return", comment = "请补充" }, stale);

        Assert.Equal("precondition-failed", (await response.ReadProblemAsync(412)).GetProperty("code").GetString());
        var reviewCase = await _kit.GetCaseAsync(tenant, opened.Id);
        Assert.Equal(("复审", "open", 1), (reviewCase.Stage, reviewCase.Status, reviewCase.Decisions.Count));
        Assert.Empty(await _kit.OutboxRowsAsync(opened.SubmissionId));
    }

    [Fact]
    public async Task A_decision_answers_with_the_cases_new_etag()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        var before = await _kit.ETagAsync(tenant, opened.Id);

        var response = await _kit.DecideAsync(tenant, opened.Id, new { action = "pass" }, before);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(before, response.Headers.ETag!.Tag);
        Assert.Equal(await _kit.ETagAsync(tenant, opened.Id), response.Headers.ETag.Tag);
        var next = await _kit.DecideAsync(tenant, opened.Id, new { action = "pass" }, response.Headers.ETag.Tag);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }
}
