using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>A case moves 初审 → 复审 → 审定 and ends adopted, returned or rejected; outcomes reach the outbox and the stream.</summary>
public sealed class DecisionWorkflowTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    [Fact]
    public async Task Pass_pass_adopt_ends_adopted_and_raises_SubmissionAdopted_that_the_relay_publishes()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var opened = await _kit.OpenCaseAsync(tenant, submitted);

        var afterFirst = await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        Assert.Equal(("复审", "director", "open"), (afterFirst.Stage, afterFirst.StageRole, afterFirst.Status));
        var afterSecond = await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass", comment = "同意报送" });
        Assert.Equal(("审定", "leader", "open"), (afterSecond.Stage, afterSecond.StageRole, afterSecond.Status));
        Assert.Empty(await _kit.OutboxRowsAsync(submitted.SubmissionId)); // passing concerns no one outside review

        var adopted = await _kit.DecideOkAsync(tenant, opened.Id, new { action = "adopt", adoptionLevel = "own-body" });

        Assert.Equal("adopted", adopted.Status);
        Assert.Equal("审定", adopted.Stage);
        Assert.Equal(["初审:pass", "复审:pass", "审定:adopt"], adopted.Decisions.Select(d => $"{d.Stage}:{d.Action}"));
        Assert.Equal("own-body", adopted.Decisions[2].AdoptionLevel);
        Assert.Equal("同意报送", adopted.Decisions[1].Comment);
        Assert.Equal(adopted.Decisions.Select(d => d.Id), (await _kit.GetCaseAsync(tenant, opened.Id)).Decisions.Select(d => d.Id));

        var row = Assert.Single(await _kit.OutboxRowsAsync(submitted.SubmissionId));
        Assert.Equal("SubmissionAdopted", row.Type);
        Assert.Equal(tenant, row.TenantId);
        Assert.Equal(submitted.SubmissionId, row.Payload.GetProperty("submissionId").GetGuid());
        Assert.Equal(opened.Id, row.Payload.GetProperty("caseId").GetGuid());
        Assert.Equal("own-body", row.Payload.GetProperty("level").GetString());
        Assert.Equal(submitted.AuthorPersonId, row.Payload.GetProperty("authorPersonId").GetGuid());
        Assert.Equal(submitted.UnitId, row.Payload.GetProperty("unitId").GetGuid());

        // The relay publishes the row to the type's stream with the envelope fields consumers read.
        var entry = await Eventually.GetAsync(
            async () => (await _kit.Feeder.ReadAllAsync("SubmissionAdopted")).FirstOrDefault(e => e["id"] == row.Id.ToString()),
            e => !e.IsNull, what: "SubmissionAdopted on the stream");
        Assert.Equal(tenant, entry["tenant"].ToString());
        Assert.Equal("SubmissionAdopted", entry["type"].ToString());
        var published = JsonDocument.Parse(entry["payload"].ToString()).RootElement;
        Assert.Equal(submitted.SubmissionId, published.GetProperty("submissionId").GetGuid());
        Assert.Equal("own-body", published.GetProperty("level").GetString());
        Assert.Equal(submitted.AuthorPersonId, published.GetProperty("authorPersonId").GetGuid());
        // The published event continues the trace of the request that adopted the item.
        Assert.NotNull(row.TraceParent);
        Assert.Equal(row.TraceParent!.Split('-')[1], entry["traceparent"].ToString().Split('-')[1]);
        var relayed = await Eventually.GetAsync(async () => Assert.Single(await _kit.OutboxRowsAsync(submitted.SubmissionId)),
            r => r.PublishedAt is not null, what: "outbox row marked published");
        Assert.Equal(row.Id, relayed.Id);
    }

    [Theory]
    [InlineData("parent-body")]
    [InlineData("national")]
    [InlineData("party-centre")]
    public async Task Adopting_records_the_level_given(string level)
    {
        var tenant = ReviewKit.NewTenant();
        var atFinal = await _kit.CaseAtFinalStageAsync(tenant);

        var adopted = await _kit.DecideOkAsync(tenant, atFinal.Id, new { action = "adopt", adoptionLevel = level });

        Assert.Equal(level, adopted.Decisions[^1].AdoptionLevel);
        var row = Assert.Single(await _kit.OutboxRowsAsync(atFinal.SubmissionId));
        Assert.Equal(level, row.Payload.GetProperty("level").GetString());
    }

    [Fact]
    public async Task Return_sets_status_returned_and_raises_SubmissionReturned_with_the_comment()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });

        var returned = await _kit.DecideOkAsync(tenant, opened.Id, new { action = "return", comment = "  请补充调研数据  " });

        Assert.Equal("returned", returned.Status);
        Assert.Equal("复审", returned.Stage);
        Assert.Equal("请补充调研数据", returned.Decisions[^1].Comment); // trimmed
        var row = Assert.Single(await _kit.OutboxRowsAsync(opened.SubmissionId));
        Assert.Equal("SubmissionReturned", row.Type);
        Assert.Equal(opened.Id, row.Payload.GetProperty("caseId").GetGuid());
        Assert.Equal("请补充调研数据", row.Payload.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task A_resubmission_reopens_the_returned_case_at_the_first_stage_in_round_two()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission(title: "关于加强社区养老服务的建议");
        var first = await _kit.SubmitAsync(tenant, submitted);
        var opened = await _kit.WaitForCaseAsync(tenant, submitted.SubmissionId);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "return", comment = "请补充数据来源" });

        var second = await _kit.SubmitAsync(tenant, submitted with { Title = "关于加强社区养老服务的建议（修改稿）" });
        var reopened = await _kit.WaitForCaseAsync(tenant, submitted.SubmissionId, c => c.Status == "open");

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(opened.Id, reopened.Id);
        Assert.Equal(("初审", 2), (reopened.Stage, reopened.Round));
        Assert.Equal("关于加强社区养老服务的建议（修改稿）", reopened.Title);
        Assert.Equal(["初审:pass", "复审:return"], reopened.Decisions.Select(d => $"{d.Stage}:{d.Action}")); // history kept
        Assert.Equal(1, await _kit.CaseCountAsync(submitted.SubmissionId));
        // Round two is reviewed like round one.
        var passed = await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        Assert.Equal("复审", passed.Stage);
    }

    [Fact]
    public async Task Reject_sets_status_rejected_and_raises_SubmissionRejected()
    {
        var tenant = ReviewKit.NewTenant();
        var atFinal = await _kit.CaseAtFinalStageAsync(tenant);

        var rejected = await _kit.DecideOkAsync(tenant, atFinal.Id, new { action = "reject", comment = "与已采用信息重复" });

        Assert.Equal("rejected", rejected.Status);
        var row = Assert.Single(await _kit.OutboxRowsAsync(atFinal.SubmissionId));
        Assert.Equal("SubmissionRejected", row.Type);
        Assert.Equal(atFinal.Id, row.Payload.GetProperty("caseId").GetGuid());
        Assert.Equal("与已采用信息重复", row.Payload.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task A_rejected_submission_sent_again_stays_rejected()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var opened = await _kit.OpenCaseAsync(tenant, submitted);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "reject", comment = "不属于社情民意范围" });

        var again = await _kit.SubmitAsync(tenant, submitted);
        await _kit.Feeder.WaitConsumedAsync(again, ReviewKit.ConsumerGroup);

        var reviewCase = await _kit.GetCaseAsync(tenant, opened.Id);
        Assert.Equal(("rejected", 1), (reviewCase.Status, reviewCase.Round));
    }
}
