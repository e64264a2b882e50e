using System.Net;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>Malformed or unknown decision requests: 400 or 404 problem+json, and no decision is recorded.</summary>
public sealed class DecisionValidationTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    [Fact]
    public async Task A_decision_without_an_action_is_a_validation_error_on_action()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        var problem = await (await _kit.DecideRawAsync(tenant, opened.Id, """{"comment":"同意"}""")).ReadProblemAsync(400);

        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("action", out _), problem.ToString());
        Assert.Equal(0, await _kit.DecisionCountAsync(opened.Id));
    }

    [Theory]
    [InlineData("""{"action":"approve"}""")]
    [InlineData("""{"action":"adopt","adoptionLevel":"city"}""")]
    [InlineData("""{"action":"pass""")]
    [InlineData("""not json""")]
    [InlineData("""{"action":["pass"]}""")]
    public async Task An_unknown_action_or_level_or_malformed_json_is_a_bad_request(string body)
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        await (await _kit.DecideRawAsync(tenant, opened.Id, body)).ReadProblemAsync(400);

        Assert.Equal(0, await _kit.DecisionCountAsync(opened.Id));
        Assert.Equal("初审", (await _kit.GetCaseAsync(tenant, opened.Id)).Stage);
    }

    [Theory]
    [InlineData("""{"action":7}""")]
    [InlineData("""{"action":"7"}""")]
    public async Task A_numeric_action_outside_the_named_values_is_a_bad_request(string body)
    {
        // Only pass, return, reject and adopt are decisions; a number accepted here would be recorded as decision "7".
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        var response = await _kit.DecideRawAsync(tenant, opened.Id, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await _kit.DecisionCountAsync(opened.Id));
    }

    [Theory]
    [InlineData("pass, adopt")]
    [InlineData("return, reject")]
    [InlineData("Adopt,Pass")]
    public async Task A_comma_separated_list_of_actions_is_a_bad_request(string action)
    {
        // The enum converter falls back to Enum.TryParse, which ORs comma-separated names: "return, reject" is 1|2 = adopt.
        var tenant = ReviewKit.NewTenant();
        var atFinal = await _kit.CaseAtFinalStageAsync(tenant);

        var response = await _kit.DecideAsync(tenant, atFinal.Id, new { action, adoptionLevel = "own-body", comment = "不同意" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("open", (await _kit.GetCaseAsync(tenant, atFinal.Id)).Status);
        Assert.Empty(await _kit.OutboxRowsAsync(atFinal.SubmissionId));
    }

    [Fact]
    public async Task Adopting_with_a_numeric_level_outside_the_named_levels_is_a_bad_request()
    {
        // Accepted, it would publish SubmissionAdopted with level 9, which scoring cannot apply (dead letter).
        var tenant = ReviewKit.NewTenant();
        var atFinal = await _kit.CaseAtFinalStageAsync(tenant);

        var response = await _kit.DecideRawAsync(tenant, atFinal.Id, """{"action":"adopt","adoptionLevel":9}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("open", (await _kit.GetCaseAsync(tenant, atFinal.Id)).Status);
        Assert.Empty(await _kit.OutboxRowsAsync(atFinal.SubmissionId));
    }

    [Fact]
    public async Task A_comment_of_2001_characters_is_a_validation_error_on_comment()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        var response = await _kit.DecideAsync(tenant, opened.Id, new { action = "return", comment = new string('议', 2001) });

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("comment", out _), problem.ToString());
        Assert.Equal(0, await _kit.DecisionCountAsync(opened.Id));
        Assert.Equal("open", (await _kit.GetCaseAsync(tenant, opened.Id)).Status);
    }

    [Fact]
    public async Task A_comment_of_2000_characters_is_accepted()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        var returned = await _kit.DecideOkAsync(tenant, opened.Id, new { action = "return", comment = new string('议', 2000) });

        Assert.Equal(2000, returned.Decisions[^1].Comment!.Length);
    }

    [Fact]
    public async Task An_unknown_case_is_not_found_for_decisions_and_reads()
    {
        var tenant = ReviewKit.NewTenant();
        var unknown = Guid.NewGuid();

        var decide = await (await _kit.DecideAsync(tenant, unknown, new { action = "pass" })).ReadProblemAsync(404);
        var read = await (await _kit.Client(tenant).GetAsync($"/cases/{unknown}")).ReadProblemAsync(404);

        Assert.Equal("not-found", decide.GetProperty("code").GetString());
        Assert.Equal("not-found", read.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=201")]
    public async Task Listing_with_bad_paging_is_a_validation_error(string query)
    {
        var problem = await (await _kit.Client(ReviewKit.NewTenant()).GetAsync($"/cases?{query}")).ReadProblemAsync(400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
    }
}
