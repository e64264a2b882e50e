using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// 主席直通车 cases are seen only by the persons their submission named; a withdrawn item's case is closed as
/// withdrawn, whichever of the submission and the withdrawal arrives first and however often either is delivered.
/// </summary>
public sealed class ChairDirectAndWithdrawalTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);
    private static readonly string[] Staff = [PlatformRoles.StaffEditor, PlatformRoles.Director, PlatformRoles.Leader];

    private HttpClient StaffClient(string tenant, Guid person) => factory.ClientFor(tenant, Staff, person);

    private static SheqingMinyi.IntegrationEvents.SubmissionWithdrawn Withdrawn(Guid submissionId, string? reason = "作者撤回") =>
        new(submissionId, [Guid.NewGuid()], reason, DateTimeOffset.UtcNow, 2);

    private Task<long> WithdrawalRowsAsync(Guid submissionId) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM submission_withdrawals WHERE submission_id = $1", submissionId);

    /// <summary>The case as <paramref name="client"/> lists it, once it satisfies <paramref name="condition"/>.</summary>
    private static async Task<CaseDto> WaitAsAsync(HttpClient client, Guid submissionId, Func<CaseDto, bool> condition) =>
        (await Eventually.GetAsync(async () => (await client.GetFromJsonAsync<PageDto<CaseDto>>($"/cases?submissionId={submissionId}", ReviewKit.Json))!,
            p => p.Items.Count == 1 && condition(p.Items[0]), what: $"case of {submissionId}")).Items[0];

    [Fact]
    public async Task A_restricted_case_is_seen_only_by_the_persons_named()
    {
        var tenant = ReviewKit.NewTenant();
        var (chair, named, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var restricted = ReviewKit.NewSubmission(title: "主席直通车：紧急情况") with { Channel = "chair-direct", RestrictedTo = [chair, named] };
        var open = ReviewKit.NewSubmission();
        await _kit.SubmitAsync(tenant, restricted);
        await _kit.SubmitAsync(tenant, open);

        var seen = await WaitAsAsync(StaffClient(tenant, named), restricted.SubmissionId, _ => true);
        await WaitAsAsync(StaffClient(tenant, other), open.SubmissionId, _ => true);
        var byChair = await StaffClient(tenant, chair).GetAsync($"/cases/{seen.Id}");
        var byOther = await StaffClient(tenant, other).GetAsync($"/cases/{seen.Id}");
        var otherList = await StaffClient(tenant, other).GetFromJsonAsync<PageDto<CaseDto>>("/cases", ReviewKit.Json);
        var noPerson = await factory.ClientFor(tenant).GetAsync($"/cases/{seen.Id}");
        var decision = await ReviewKit.DecideAsAsync(StaffClient(tenant, other), seen.Id, new { action = "pass" }, "\"1\"");

        Assert.Equal(HttpStatusCode.OK, byChair.StatusCode);
        Assert.Equal("not-found", (await byOther.ReadProblemAsync(404)).GetProperty("code").GetString());
        Assert.Equal([open.SubmissionId], otherList!.Items.Select(c => c.SubmissionId));
        Assert.Equal(1, otherList.Total);
        await noPerson.ReadProblemAsync(404);
        await decision.ReadProblemAsync(404);
        Assert.Equal(0, await _kit.DecisionCountAsync(seen.Id));
        Assert.Equal(2, (await StaffClient(tenant, named).GetFromJsonAsync<PageDto<CaseDto>>("/cases", ReviewKit.Json))!.Total);
    }

    [Fact]
    public async Task A_named_person_decides_on_a_restricted_case_as_on_any_other()
    {
        var tenant = ReviewKit.NewTenant();
        var named = Guid.NewGuid();
        var restricted = ReviewKit.NewSubmission() with { Channel = "chair-direct", RestrictedTo = [named] };
        await _kit.SubmitAsync(tenant, restricted);
        var client = StaffClient(tenant, named);
        var opened = await WaitAsAsync(client, restricted.SubmissionId, _ => true);

        var response = await ReviewKit.DecideAsAsync(client, opened.Id, new { action = "pass" }, await ReviewKit.ETagAsAsync(client, opened.Id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("复审", (await response.Content.ReadFromJsonAsync<CaseDto>(ReviewKit.Json))!.Stage);
    }

    [Fact]
    public async Task A_restricted_case_s_events_say_so_and_an_open_case_s_do_not()
    {
        var tenant = ReviewKit.NewTenant();
        var named = Guid.NewGuid();
        var restricted = ReviewKit.NewSubmission() with { Channel = "chair-direct", RestrictedTo = [named] };
        var open = ReviewKit.NewSubmission();
        await _kit.SubmitAsync(tenant, restricted);
        await _kit.SubmitAsync(tenant, open);
        var client = StaffClient(tenant, named);

        foreach (var item in new[] { restricted, open })
        {
            var opened = await WaitAsAsync(client, item.SubmissionId, _ => true);
            var response = await ReviewKit.DecideAsAsync(client, opened.Id, new { action = "return", comment = "请补充数据来源" },
                await ReviewKit.ETagAsAsync(client, opened.Id));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Webhooks leave a 主席直通车 item's events out by this flag (identity's WebhookDeliveryTests).
        Assert.True(Assert.Single(await _kit.OutboxRowsAsync(restricted.SubmissionId), r => r.Type == "SubmissionReturned").Payload.GetProperty("restricted").GetBoolean());
        Assert.False(Assert.Single(await _kit.OutboxRowsAsync(open.SubmissionId), r => r.Type == "SubmissionReturned").Payload.GetProperty("restricted").GetBoolean());
    }

    [Fact]
    public async Task A_resubmission_takes_the_readers_it_names_now()
    {
        var tenant = ReviewKit.NewTenant();
        var (first, later) = (Guid.NewGuid(), Guid.NewGuid());
        var submitted = ReviewKit.NewSubmission() with { Channel = "chair-direct", RestrictedTo = [first] };
        await _kit.SubmitAsync(tenant, submitted);
        var opened = await WaitAsAsync(StaffClient(tenant, first), submitted.SubmissionId, _ => true);
        await ReviewKit.DecideAsAsync(StaffClient(tenant, first), opened.Id, new { action = "return", comment = "请补充" },
            await ReviewKit.ETagAsAsync(StaffClient(tenant, first), opened.Id));

        await _kit.SubmitAsync(tenant, submitted with { RestrictedTo = [later] });

        var reopened = await WaitAsAsync(StaffClient(tenant, later), submitted.SubmissionId, c => c.Round == 2);
        Assert.Equal("open", reopened.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await StaffClient(tenant, first).GetAsync($"/cases/{opened.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_withdrawal_closes_an_open_case_as_withdrawn_and_decisions_are_then_refused()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);

        await _kit.Feeder.PublishAsync(tenant, Withdrawn(opened.SubmissionId));

        var closed = await _kit.WaitForCaseAsync(tenant, opened.SubmissionId, c => c.Status == "withdrawn");
        var decision = await _kit.DecideAsync(tenant, opened.Id, new { action = "pass" });
        Assert.Equal("case-not-open", (await decision.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(1, await WithdrawalRowsAsync(opened.SubmissionId));
        Assert.Equal(0, await _kit.DecisionCountAsync(closed.Id));
        Assert.Single((await _kit.ListAsync(tenant, "status=withdrawn")).Items);
    }

    [Fact]
    public async Task A_withdrawal_that_arrives_before_the_submission_still_wins()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var withdrawn = await _kit.Feeder.PublishAsync(tenant, Withdrawn(submitted.SubmissionId));
        await _kit.Feeder.WaitConsumedAsync(withdrawn, ReviewKit.ConsumerGroup);
        Assert.Equal(0, await _kit.CaseCountAsync(submitted.SubmissionId));

        await _kit.SubmitAsync(tenant, submitted);

        var reviewCase = await _kit.WaitForCaseAsync(tenant, submitted.SubmissionId);
        Assert.Equal("withdrawn", reviewCase.Status);
        Assert.Equal(1, await _kit.CaseCountAsync(submitted.SubmissionId));
        Assert.Equal(1, await WithdrawalRowsAsync(submitted.SubmissionId));
    }

    [Fact]
    public async Task Replaying_the_withdrawal_and_the_submission_in_either_order_changes_nothing_more()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var opening = await _kit.SubmitAsync(tenant, submitted);
        var withdrawal = await _kit.Feeder.PublishAsync(tenant, Withdrawn(submitted.SubmissionId));
        var closed = await _kit.WaitForCaseAsync(tenant, submitted.SubmissionId, c => c.Status == "withdrawn");

        // The same envelopes again, and both events again under new ids (a republished outbox), withdrawal first.
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(withdrawal), ReviewKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(opening), ReviewKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.PublishAsync(tenant, Withdrawn(submitted.SubmissionId, "再次")), ReviewKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(await _kit.SubmitAsync(tenant, submitted), ReviewKit.ConsumerGroup);

        var after = await _kit.GetCaseAsync(tenant, closed.Id);
        Assert.Equal("withdrawn", after.Status);
        Assert.Equal(closed.UpdatedAt, after.UpdatedAt);
        Assert.Equal(1, after.Round);
        Assert.Equal(1, await _kit.CaseCountAsync(submitted.SubmissionId));
        Assert.Equal(1, await WithdrawalRowsAsync(submitted.SubmissionId));
        Assert.Equal(1, await _kit.InboxCountAsync(withdrawal.Id));
        Assert.Equal("作者撤回", await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT reason FROM submission_withdrawals WHERE submission_id = $1", submitted.SubmissionId)); // the first kept
    }

    [Fact]
    public async Task A_withdrawal_after_a_return_keeps_a_resubmission_from_reopening_the_case()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var opened = await _kit.OpenCaseAsync(tenant, submitted);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "return", comment = "请补充" });

        await _kit.Feeder.PublishAsync(tenant, Withdrawn(submitted.SubmissionId));
        await _kit.WaitForCaseAsync(tenant, submitted.SubmissionId, c => c.Status == "withdrawn");
        await _kit.Feeder.WaitConsumedAsync(await _kit.SubmitAsync(tenant, submitted with { Title = "再次报送" }), ReviewKit.ConsumerGroup);

        var after = await _kit.GetCaseAsync(tenant, opened.Id);
        Assert.Equal(("withdrawn", 1), (after.Status, after.Round));
    }

    [Fact]
    public async Task Another_tenants_withdrawal_of_the_same_id_touches_nothing_here()
    {
        var (a, b) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var opened = await _kit.OpenCaseAsync(a);

        var fed = await _kit.Feeder.PublishAsync(b, Withdrawn(opened.SubmissionId));
        await _kit.Feeder.WaitConsumedAsync(fed, ReviewKit.ConsumerGroup);

        Assert.Equal("open", (await _kit.GetCaseAsync(a, opened.Id)).Status);
        Assert.Equal(b, await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT tenant_id FROM submission_withdrawals WHERE submission_id = $1", opened.SubmissionId));
    }
}
