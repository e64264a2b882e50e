using System.Net;
using System.Net.Http.Json;

using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>交办: an adopted item assigned to departments, accepted, replied, rated, reopened once and closed.</summary>
public sealed class HandlingFlowTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly HandlingKit _kit = new(factory);

    [Fact]
    public async Task The_loop_runs_assigned_accepted_replied_dissatisfied_reopened_replied_satisfied_closed_with_every_event()
    {
        var tenant = ReviewKit.NewTenant();
        var (lead, co) = (await _kit.DepartmentAsync(tenant, "区民政局"), await _kit.DepartmentAsync(tenant, "区卫生健康委"));
        var (liu, chen) = (Guid.NewGuid(), Guid.NewGuid());
        var adopted = await _kit.AdoptedAsync(tenant, liu, chen);

        var assigned = await _kit.AssignAsync(tenant, adopted.SubmissionId, lead.Id, [co.Id], HandlingKit.Today.AddDays(30));
        Assert.Equal(("assigned", "已交办", 1, lead.Id, "区民政局"), (assigned.Status, assigned.StatusLabel, assigned.Round, assigned.LeadDepartmentId, assigned.LeadDepartmentName));
        Assert.Equal([co.Id], assigned.CoDepartmentIds);
        Assert.Equal([liu, chen], assigned.AuthorPersonIds);
        Assert.Equal(HandlingKit.Today, assigned.AdoptedOn);

        var department = _kit.DepartmentClient(tenant, lead.Id);
        var scan = await EvidenceKit.UploadAsync(department, EvidenceKit.Pdf());
        Assert.Equal("accepted", (await HandlingKit.StepOkAsync(department, assigned.Id, "accept")).Status);
        Assert.Equal("in-progress", (await HandlingKit.StepOkAsync(department, assigned.Id, "start", new { comment = "已组织调研" })).Status);
        var replied = await HandlingKit.StepOkAsync(department, assigned.Id, "reply",
            new { category = "B", text = "社区食堂选址已确定，预计三个月内建成。", attachmentFileIds = new[] { scan.Id } });
        Assert.Equal("replied", replied.Status);
        var reply = Assert.Single(replied.Replies);
        Assert.Equal((1, "B", "正在解决", true, scan.Id), (reply.Round, reply.Category, reply.CategoryLabel, reply.OnTime, Assert.Single(reply.AttachmentFileIds)));

        var reopened = await HandlingKit.StepOkAsync(_kit.Writer(tenant, chen), assigned.Id, "rating", new { rating = "dissatisfied", comment = "进度太慢" });
        Assert.Equal(("in-progress", 2), (reopened.Status, reopened.Round));
        Assert.Equal(HandlingKit.Today.AddDays(30), reopened.Deadline); // as long again as round 1 had, from today

        var second = await HandlingKit.StepOkAsync(department, assigned.Id, "reply", new { category = "A", text = "食堂已建成开放。" });
        Assert.Equal(("replied", 2), (second.Status, second.Replies.Count));
        var closed = await HandlingKit.StepOkAsync(_kit.Writer(tenant, liu), assigned.Id, "rating", new { rating = "satisfied" });
        Assert.Equal(("closed", "已办结"), (closed.Status, closed.StatusLabel));
        Assert.NotNull(closed.ClosedAt);
        Assert.Equal([("dissatisfied", "不满意", 1), ("satisfied", "满意", 2)], closed.Ratings.Select(r => (r.Rating, r.RatingLabel, r.Round)));

        var events = await _kit.EventsAsync(adopted.SubmissionId);
        Assert.Equal(["HandlingAssigned", "HandlingStatusChanged", "HandlingStatusChanged", "HandlingReplied", "HandlingRated", "HandlingStatusChanged",
            "HandlingReplied", "HandlingRated", "HandlingStatusChanged"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal([liu, chen], e.Payload.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("personId").GetGuid())));
        Assert.Equal(["accepted", "in-progress", "reopened", "closed"],
            events.Where(e => e.Type == "HandlingStatusChanged").Select(e => e.Payload.GetProperty("change").GetString()));
        var firstReply = events.First(e => e.Type == "HandlingReplied").Payload;
        Assert.Equal(("b", 1, true, "区民政局"), (firstReply.GetProperty("category").GetString(), firstReply.GetProperty("round").GetInt32(),
            firstReply.GetProperty("onTime").GetBoolean(), firstReply.GetProperty("lead").GetProperty("name").GetString()));
        var rated = events.Where(e => e.Type == "HandlingRated").Select(e => e.Payload).ToList();
        Assert.Equal([(true, false), (false, true)], rated.Select(r => (r.GetProperty("reopened").GetBoolean(), r.GetProperty("closed").GetBoolean())));
        var assignedEvent = events[0].Payload;
        Assert.Equal(co.Id, Assert.Single(assignedEvent.GetProperty("coHandling").EnumerateArray()).GetProperty("departmentId").GetGuid());
    }

    [Fact]
    public async Task A_second_dissatisfied_closes_it_anyway_and_nobody_rates_twice_a_round()
    {
        var tenant = ReviewKit.NewTenant();
        var lead = await _kit.DepartmentAsync(tenant);
        var writer = Guid.NewGuid();
        var adopted = await _kit.AdoptedAsync(tenant, writer);
        var handling = await _kit.AssignAsync(tenant, adopted.SubmissionId, lead.Id);
        var department = _kit.DepartmentPerson(tenant, lead.Id); // a person of the department acts as its system does
        var client = _kit.Writer(tenant, writer);

        await HandlingKit.RepliedAsync(department, handling.Id, "D");
        await HandlingKit.StepOkAsync(client, handling.Id, "rating", new { rating = "dissatisfied", comment = "理由不充分" });
        var again = await HandlingKit.StepAsync(client, handling.Id, "rating", new { rating = "dissatisfied", comment = "再次评价" });
        Assert.Equal("handling-not-replied", (await again.ReadProblemAsync(409)).GetProperty("code").GetString());
        await HandlingKit.RepliedAsync(department, handling.Id, "C");
        var closed = await HandlingKit.StepOkAsync(client, handling.Id, "rating", new { rating = "dissatisfied", comment = "仍不满意" });

        Assert.Equal(("closed", 2), (closed.Status, closed.Round));
        var rated = (await _kit.EventsAsync(adopted.SubmissionId)).Where(e => e.Type == "HandlingRated").ToList();
        Assert.Equal([(true, false), (false, true)], rated.Select(r => (r.Payload.GetProperty("reopened").GetBoolean(), r.Payload.GetProperty("closed").GetBoolean())));
        var late = await HandlingKit.StepAsync(department, handling.Id, "reply", new { category = "A", text = "补充答复" });
        Assert.Equal("handling-not-accepted", (await late.ReadProblemAsync(409)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Only_the_items_authors_rate_and_only_a_reply()
    {
        var tenant = ReviewKit.NewTenant();
        var lead = await _kit.DepartmentAsync(tenant);
        var writer = Guid.NewGuid();
        var adopted = await _kit.AdoptedAsync(tenant, writer);
        var handling = await _kit.AssignAsync(tenant, adopted.SubmissionId, lead.Id);

        var early = await HandlingKit.StepAsync(_kit.Writer(tenant, writer), handling.Id, "rating", new { rating = "satisfied" });
        Assert.Equal("handling-not-replied", (await early.ReadProblemAsync(409)).GetProperty("code").GetString());
        await HandlingKit.RepliedAsync(_kit.DepartmentClient(tenant, lead.Id), handling.Id);
        // Another member does not see it; staff see it but wrote nothing; the department does not rate.
        await (await HandlingKit.StepAsync(_kit.Writer(tenant, Guid.NewGuid()), handling.Id, "rating", new { rating = "satisfied" }, "\"1\"")).ReadProblemAsync(404);
        var staff = factory.ClientFor(tenant, personId: Guid.NewGuid());
        Assert.Equal("not-an-author", (await (await HandlingKit.StepAsync(staff, handling.Id, "rating", new { rating = "satisfied" })).ReadProblemAsync(403)).GetProperty("code").GetString());
        await (await HandlingKit.StepAsync(_kit.DepartmentPerson(tenant, lead.Id), handling.Id, "rating", new { rating = "satisfied" })).ReadProblemAsync(403);

        Assert.Equal(0, await _kit.CountAsync("SELECT count(*) FROM handlings WHERE id = $1 AND ratings <> '[]'::jsonb", handling.Id));
    }

    [Fact]
    public async Task A_department_sees_and_acts_only_on_its_queue_and_co_handlers_only_read()
    {
        var tenant = ReviewKit.NewTenant();
        var (lead, co, other) = (await _kit.DepartmentAsync(tenant), await _kit.DepartmentAsync(tenant), await _kit.DepartmentAsync(tenant));
        var mine = await _kit.AssignAsync(tenant, (await _kit.AdoptedAsync(tenant)).SubmissionId, lead.Id, [co.Id]);
        var theirs = await _kit.AssignAsync(tenant, (await _kit.AdoptedAsync(tenant)).SubmissionId, other.Id);
        var (leadClient, coClient, otherClient) = (_kit.DepartmentClient(tenant, lead.Id), _kit.DepartmentClient(tenant, co.Id), _kit.DepartmentClient(tenant, other.Id));

        var queue = await leadClient.GetFromJsonAsync<PageDto<HandlingDto>>("/handlings", ReviewKit.Json);
        Assert.Equal([mine.Id], queue!.Items.Select(h => h.Id));
        Assert.Equal([mine.Id], (await coClient.GetFromJsonAsync<PageDto<HandlingDto>>("/handlings", ReviewKit.Json))!.Items.Select(h => h.Id));
        Assert.Equal([theirs.Id], (await otherClient.GetFromJsonAsync<PageDto<HandlingDto>>("/handlings", ReviewKit.Json))!.Items.Select(h => h.Id));
        Assert.Empty((await otherClient.GetFromJsonAsync<PageDto<HandlingDto>>($"/handlings?departmentId={lead.Id}", ReviewKit.Json))!.Items);
        await (await otherClient.GetAsync($"/handlings/{mine.Id}")).ReadProblemAsync(404);
        foreach (var step in new[] { "accept", "start", "reply", "requests" })
            await (await HandlingKit.StepAsync(otherClient, mine.Id, step, new { category = "A", text = "x", kind = "extension", reason = "x",
                newDeadline = HandlingKit.Today.AddDays(60) }, "\"1\"")).ReadProblemAsync(404);
        Assert.Equal("not-lead-department", (await (await HandlingKit.StepAsync(coClient, mine.Id, "accept")).ReadProblemAsync(403)).GetProperty("code").GetString());
        // Nothing else of review is open to a department's client.
        await (await leadClient.GetAsync("/cases")).ReadProblemAsync(403);
        await (await leadClient.GetAsync($"/cases/{mine.CaseId}")).ReadProblemAsync(403);
        await (await leadClient.GetAsync("/handlings/figures")).ReadProblemAsync(403);
        await (await ReviewKit.PostJsonAsync(leadClient, "/departments", new { name = "自建单位" })).ReadProblemAsync(403);
        Assert.Equal("assigned", (await _kit.Staff(tenant).GetFromJsonAsync<HandlingDto>($"/handlings/{mine.Id}", ReviewKit.Json))!.Status);
    }

    [Fact]
    public async Task A_transfer_approved_hands_it_to_the_other_department_and_an_extension_moves_the_deadline()
    {
        var tenant = ReviewKit.NewTenant();
        var (first, second) = (await _kit.DepartmentAsync(tenant, "区城管局"), await _kit.DepartmentAsync(tenant, "区住房城乡建委"));
        var adopted = await _kit.AdoptedAsync(tenant);
        var handling = await _kit.AssignAsync(tenant, adopted.SubmissionId, first.Id, deadline: HandlingKit.Today.AddDays(10));
        var (firstClient, secondClient, staff) = (_kit.DepartmentClient(tenant, first.Id), _kit.DepartmentClient(tenant, second.Id), _kit.Staff(tenant));

        var asked = await HandlingKit.StepOkAsync(firstClient, handling.Id, "requests", new { kind = "transfer", reason = "不属于本部门职责", toDepartmentId = second.Id });
        var request = Assert.Single(asked.Requests);
        Assert.Equal(("transfer", "转办", "pending"), (request.Kind, request.KindLabel, request.Decision));
        var pending = await HandlingKit.StepAsync(firstClient, handling.Id, "requests", new { kind = "extension", reason = "需要更多时间", newDeadline = HandlingKit.Today.AddDays(40) });
        Assert.Equal("request-pending", (await pending.ReadProblemAsync(409)).GetProperty("code").GetString());

        var transferred = await HandlingKit.StepOkAsync(staff, handling.Id, $"requests/{request.Id}/decision", new { approve = true, comment = "同意转办" });
        Assert.Equal((second.Id, "区住房城乡建委", "assigned"), (transferred.LeadDepartmentId, transferred.LeadDepartmentName, transferred.Status));
        Assert.Equal("approved", transferred.Requests[0].Decision);
        await (await firstClient.GetAsync($"/handlings/{handling.Id}")).ReadProblemAsync(404);
        var again = await HandlingKit.StepAsync(staff, handling.Id, $"requests/{request.Id}/decision", new { approve = false });
        Assert.Equal("request-decided", (await again.ReadProblemAsync(409)).GetProperty("code").GetString());

        await HandlingKit.StepOkAsync(secondClient, handling.Id, "accept");
        var extension = (await HandlingKit.StepOkAsync(secondClient, handling.Id, "requests",
            new { kind = "extension", reason = "涉及规划调整", newDeadline = HandlingKit.Today.AddDays(40) })).Requests[1];
        var refused = await HandlingKit.StepOkAsync(staff, handling.Id, $"requests/{extension.Id}/decision", new { approve = false, comment = "请按期办结" });
        Assert.Equal(("refused", "请按期办结", HandlingKit.Today.AddDays(10)), (refused.Requests[1].Decision, refused.Requests[1].DecisionComment, refused.Deadline));
        var next = (await HandlingKit.StepOkAsync(secondClient, handling.Id, "requests",
            new { kind = "extension", reason = "涉及规划调整", newDeadline = HandlingKit.Today.AddDays(40) })).Requests[2];
        var extended = await HandlingKit.StepOkAsync(staff, handling.Id, $"requests/{next.Id}/decision", new { approve = true });
        Assert.Equal((HandlingKit.Today.AddDays(40), "accepted"), (extended.Deadline, extended.Status));

        Assert.Equal(["transferred", "accepted", "request-refused", "extended"], (await _kit.EventsAsync(adopted.SubmissionId))
            .Where(e => e.Type == "HandlingStatusChanged").Select(e => e.Payload.GetProperty("change").GetString()));
    }

    [Fact]
    public async Task An_item_not_adopted_is_409_and_an_item_is_assigned_once_per_instruction()
    {
        var tenant = ReviewKit.NewTenant();
        var lead = await _kit.DepartmentAsync(tenant);
        var open = await _kit.Review.OpenCaseAsync(tenant);

        var refused = await _kit.AssignRawAsync(_kit.Staff(tenant), HandlingKit.Assignment(open.SubmissionId, lead.Id));
        Assert.Equal("not-adopted", (await refused.ReadProblemAsync(409)).GetProperty("code").GetString());

        var adopted = await _kit.AdoptedAsync(tenant);
        await _kit.AssignAsync(tenant, adopted.SubmissionId, lead.Id);
        var twice = await _kit.AssignRawAsync(_kit.Staff(tenant), HandlingKit.Assignment(adopted.SubmissionId, lead.Id));
        Assert.Equal("already-assigned", (await twice.ReadProblemAsync(409)).GetProperty("code").GetString());
        var instruction = await ReviewKit.PostJsonAsync(_kit.Staff(tenant), $"/submissions/{adopted.SubmissionId}/instructions",
            new { leaderTitle = "副区长", level = "district", nature = "督办性", instructedOn = HandlingKit.Today, summary = "请区民政局牵头办理。" });
        var instructionId = (await instruction.Content.ReadFromJsonAsync<InstructionDto>(ReviewKit.Json))!.Id;
        var following = await _kit.AssignRawAsync(_kit.Staff(tenant), HandlingKit.Assignment(adopted.SubmissionId, lead.Id, instructionId: instructionId));
        Assert.Equal(HttpStatusCode.Created, following.StatusCode);
        Assert.Equal(instructionId, (await following.Content.ReadFromJsonAsync<HandlingDto>(ReviewKit.Json))!.InstructionId);
        Assert.Equal(2, await _kit.CountAsync("SELECT count(*) FROM handlings WHERE submission_id = $1", adopted.SubmissionId));
    }

    [Fact]
    public async Task A_retried_assignment_with_its_key_assigns_once_and_a_stale_etag_changes_nothing()
    {
        var tenant = ReviewKit.NewTenant();
        var lead = await _kit.DepartmentAsync(tenant);
        var adopted = await _kit.AdoptedAsync(tenant);
        var staff = _kit.Staff(tenant);
        var key = Guid.NewGuid().ToString();

        var first = await _kit.AssignRawAsync(staff, HandlingKit.Assignment(adopted.SubmissionId, lead.Id), key);
        var retry = await _kit.AssignRawAsync(staff, HandlingKit.Assignment(adopted.SubmissionId, lead.Id), key);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, retry.StatusCode));
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        var handling = (await first.Content.ReadFromJsonAsync<HandlingDto>(ReviewKit.Json))!;
        Assert.Single((await _kit.EventsAsync(adopted.SubmissionId)).Where(e => e.Type == "HandlingAssigned"));

        var department = _kit.DepartmentClient(tenant, lead.Id);
        var etag = await HandlingKit.ETagAsync(department, handling.Id);
        await HandlingKit.StepOkAsync(department, handling.Id, "accept");
        await (await HandlingKit.StepAsync(department, handling.Id, "start", etag: etag)).ReadProblemAsync(412);
        var noTag = new HttpRequestMessage(HttpMethod.Post, $"/handlings/{handling.Id}/start") { Content = JsonContent.Create(new { }) };
        await (await department.SendAsync(noTag)).ReadProblemAsync(428);
        Assert.Equal("accepted", (await staff.GetFromJsonAsync<HandlingDto>($"/handlings/{handling.Id}", ReviewKit.Json))!.Status);
    }

    [Fact]
    public async Task Another_tenant_sees_and_changes_nothing()
    {
        var (tenant, other) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var lead = await _kit.DepartmentAsync(tenant);
        var adopted = await _kit.AdoptedAsync(tenant);
        var handling = await _kit.AssignAsync(tenant, adopted.SubmissionId, lead.Id);
        var theirs = _kit.Staff(other);
        var theirDepartment = _kit.DepartmentClient(other, lead.Id); // even naming the same department id

        await (await theirs.GetAsync($"/handlings/{handling.Id}")).ReadProblemAsync(404);
        await (await theirs.GetAsync($"/departments/{lead.Id}")).ReadProblemAsync(404);
        Assert.Empty((await theirs.GetFromJsonAsync<PageDto<HandlingDto>>("/handlings", ReviewKit.Json))!.Items);
        Assert.Empty((await theirDepartment.GetFromJsonAsync<PageDto<HandlingDto>>("/handlings", ReviewKit.Json))!.Items);
        await (await HandlingKit.StepAsync(theirDepartment, handling.Id, "accept", etag: "\"1\"")).ReadProblemAsync(404);
        var assign = await _kit.AssignRawAsync(theirs, HandlingKit.Assignment(adopted.SubmissionId, lead.Id));
        Assert.True((await assign.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("leadDepartmentId", out _));
        Assert.Equal("assigned", (await _kit.Staff(tenant).GetFromJsonAsync<HandlingDto>($"/handlings/{handling.Id}", ReviewKit.Json))!.Status);
    }
}
