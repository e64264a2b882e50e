namespace SheqingMinyi.Review.Tests;

/// <summary>SubmissionSubmitted events open review cases, exactly once per submission.</summary>
public sealed class CaseOpeningTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    [Fact]
    public async Task A_submitted_event_opens_exactly_one_case_at_the_first_stage()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission(title: "关于规范老旧小区加装电梯的建议");
        var fed = await _kit.SubmitAsync(tenant, submitted);

        var reviewCase = await _kit.WaitForCaseAsync(tenant, submitted.SubmissionId);

        Assert.Equal("初审", reviewCase.Stage);
        Assert.Equal("staff-editor", reviewCase.StageRole);
        Assert.Equal("open", reviewCase.Status);
        Assert.Equal(1, reviewCase.Round);
        Assert.Equal("关于规范老旧小区加装电梯的建议", reviewCase.Title);
        Assert.Equal(submitted.AuthorPersonId, reviewCase.AuthorPersonId);
        Assert.Equal(submitted.UnitId, reviewCase.UnitId);
        Assert.Empty(reviewCase.Decisions);
        Assert.Equal(1, (await _kit.ListAsync(tenant, "")).Total);
        Assert.Equal(1, await _kit.InboxCountAsync(fed.Id));
    }

    [Fact]
    public async Task A_co_authored_item_keeps_every_authors_and_units_share_in_order()
    {
        var tenant = ReviewKit.NewTenant();
        var (lead, second, unit) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var submitted = ReviewKit.NewSubmission() with
        {
            AuthorPersonId = lead, UnitId = unit, ContentVersion = 3,
            Authors = [new(second, 2, 0.5m), new(lead, 1, 0.5m)],
            Units = [new(unit, 1m)],
        };
        await _kit.SubmitAsync(tenant, submitted);

        var reviewCase = await _kit.WaitForCaseAsync(tenant, submitted.SubmissionId);

        Assert.Equal([new ShareDto(lead, 1, 0.5m), new ShareDto(second, 2, 0.5m)], reviewCase.Authors);
        Assert.Equal([new UnitShareDto(unit, 1m)], reviewCase.Units);
        Assert.Equal(3, reviewCase.ContentVersion);
    }

    [Fact]
    public async Task An_item_submitted_without_shares_credits_its_lead_author_and_unit_in_full()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        await _kit.SubmitAsync(tenant, submitted);

        var reviewCase = await _kit.WaitForCaseAsync(tenant, submitted.SubmissionId);

        Assert.Equal([new ShareDto(submitted.AuthorPersonId, 1, 1m)], reviewCase.Authors);
        Assert.Equal([new UnitShareDto(submitted.UnitId, 1m)], reviewCase.Units);
    }

    [Fact]
    public async Task The_same_envelope_delivered_twice_opens_one_case_and_leaves_one_inbox_row()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var first = await _kit.SubmitAsync(tenant, submitted);
        await _kit.WaitForCaseAsync(tenant, submitted.SubmissionId);

        var again = await _kit.Feeder.RedeliverAsync(first);
        await _kit.Feeder.WaitConsumedAsync(again, ReviewKit.ConsumerGroup);

        Assert.Equal(1, await _kit.CaseCountAsync(submitted.SubmissionId));
        Assert.Equal(1, await _kit.InboxCountAsync(first.Id));
        var reviewCase = Assert.Single((await _kit.ListAsync(tenant, $"submissionId={submitted.SubmissionId}")).Items);
        Assert.Equal(1, reviewCase.Round);
    }

    [Fact]
    public async Task A_resubmission_of_an_open_case_changes_nothing()
    {
        // Only a returned case goes back to 初审; a stray second event must not reset a case under review.
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var opened = await _kit.OpenCaseAsync(tenant, submitted);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });

        var resubmitted = await _kit.SubmitAsync(tenant, submitted with { Title = "改过的标题" });
        await _kit.Feeder.WaitConsumedAsync(resubmitted, ReviewKit.ConsumerGroup);

        var reviewCase = await _kit.GetCaseAsync(tenant, opened.Id);
        Assert.Equal("复审", reviewCase.Stage);
        Assert.Equal(1, reviewCase.Round);
        Assert.Equal(submitted.Title, reviewCase.Title);
        Assert.Equal(1, await _kit.CaseCountAsync(submitted.SubmissionId));
    }

    [Fact]
    public async Task Cases_can_be_listed_by_the_status_spelling_the_api_returns()
    {
        var tenant = ReviewKit.NewTenant();
        var open = await _kit.OpenCaseAsync(tenant);
        var returned = await _kit.OpenCaseAsync(tenant);
        await _kit.DecideOkAsync(tenant, returned.Id, new { action = "return", comment = "请补充数据来源" });

        // The API writes statuses as "open", "returned"...; the filter must take back the same spelling.
        var openCases = await _kit.ListAsync(tenant, "status=open");
        var returnedCases = await _kit.ListAsync(tenant, "status=returned");

        Assert.Equal([open.Id], openCases.Items.Select(c => c.Id));
        Assert.Equal([returned.Id], returnedCases.Items.Select(c => c.Id));
    }

    [Theory]
    [InlineData("closed")]
    [InlineData("7")]
    [InlineData("open, adopted")] // not a status, though Enum.TryParse would OR it into "adopted"
    public async Task Listing_by_an_unknown_status_is_a_validation_error_on_status(string status)
    {
        var response = await _kit.Client(ReviewKit.NewTenant()).GetAsync($"/cases?status={status}");

        var problem = await SheqingMinyi.Tests.HttpAssertions.ReadProblemAsync(response, 400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _), problem.ToString());
    }
}
