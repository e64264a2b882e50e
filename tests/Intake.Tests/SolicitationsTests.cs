using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;
using static SheqingMinyi.Intake.Tests.SolicitationKit;

namespace SheqingMinyi.Intake.Tests;

/// <summary>约稿: the office issues, targeted persons (directly, by a professional group they belong to today, by their
/// main unit) see and claim, answers link to it, the office follows the progress.</summary>
public sealed class SolicitationsTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private string Cs => factory.ConnectionString;

    private HttpClient Staff(string tenant, Guid? person = null) => factory.ClientFor(tenant, ["staff-editor"], person ?? Guid.NewGuid());
    private HttpClient Member(string tenant, Guid person) => factory.ClientFor(tenant, ["member"], person);
    private HttpClient Partner(string tenant) =>
        factory.ClientWithToken(TestTokens.Create(tenant, ["partner"], scopes: ["intake.submit", "intake.read"], clientId: "oa"));

    private Task<List<TestDb.OutboxRow>> OutboxAsync(Guid solicitationId, string type) =>
        TestDb.OutboxAsync(Cs, "payload->>'solicitationId' = $1 AND type = $2", solicitationId.ToString(), type);

    /// <summary>A professional group with one current member (and a person whose membership there ended yesterday).</summary>
    private async Task<(Guid Group, Guid Member, Guid Former)> GroupAsync(string tenant)
    {
        var (group, member, former) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await UnitAsync(Cs, tenant, group);
        await PersonAsync(Cs, tenant, member, name: "刘飞龙");
        await PersonAsync(Cs, tenant, former, name: "陈静");
        await MembershipAsync(Cs, tenant, member, group, Today.AddYears(-1));
        await MembershipAsync(Cs, tenant, former, group, Today.AddYears(-1), Today.AddDays(-1));
        return (group, member, former);
    }

    [Fact]
    public async Task The_office_issues_a_solicitation_and_SolicitationIssued_is_in_the_outbox()
    {
        var tenant = Tenants.New();
        var (group, _, _) = await GroupAsync(tenant);
        var issuer = Guid.NewGuid();

        var response = await Staff(tenant, issuer).PostAsJsonAsync(Route, New([group]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var s = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = s.GetProperty("id").GetGuid();
        Assert.Equal("关于养老服务的约稿", s.GetProperty("title").GetString());
        Assert.Equal([group], s.GetProperty("targetUnitIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.Equal(5m, s.GetProperty("bonus").GetDecimal());
        Assert.Equal(Day(Today.AddDays(21)), s.GetProperty("deadline").GetString());
        Assert.Equal("open", s.GetProperty("status").GetString());
        Assert.Equal(issuer, s.GetProperty("issuedBy").GetGuid());
        Assert.Equal(0, s.GetProperty("progress").GetProperty("claimed").GetInt32());
        var issued = Assert.Single(await OutboxAsync(id, nameof(SolicitationIssued)));
        var payload = JsonDocument.Parse(issued.Payload).RootElement;
        Assert.Equal(1, payload.GetProperty("version").GetInt32());
        Assert.Equal(5m, payload.GetProperty("bonus").GetDecimal());
        Assert.Equal(tenant, issued.TenantId);
        Assert.Equal(tenant, await TestDb.ScalarAsync<string>(Cs, "SELECT tenant_id FROM solicitations WHERE id = $1", id));
    }

    [Fact]
    public async Task A_retried_issue_with_the_same_Idempotency_Key_issues_once()
    {
        var tenant = Tenants.New();
        var (group, _, _) = await GroupAsync(tenant);
        var staff = Staff(tenant);
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = JsonContent.Create(New([group])) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        var first = await staff.SendAsync(Request());
        var retry = await staff.SendAsync(Request());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1, await CountAsync(Cs, "solicitations", tenant));
        Assert.Single(await TestDb.OutboxAsync(Cs, "tenant_id = $1 AND type = $2", tenant, nameof(SolicitationIssued)));
    }

    [Fact]
    public async Task A_leader_may_issue_with_a_bonus_and_a_deadline_of_today()
    {
        var tenant = Tenants.New();
        var person = Guid.NewGuid();
        await PersonAsync(Cs, tenant, person);
        var request = New(persons: [person]);
        request["bonus"] = 12.5m;
        request["deadline"] = Day(Today);

        var s = await IssueAsync(factory.ClientFor(tenant, ["leader"], Guid.NewGuid()), request);

        Assert.Equal(12.5m, s.GetProperty("bonus").GetDecimal());
        Assert.Equal(Day(Today), s.GetProperty("deadline").GetString());
    }

    [Theory]
    [InlineData("title", null, "title")]
    [InlineData("brief", "", "brief")]
    [InlineData("deadline", "past", "deadline")]
    [InlineData("deadline", null, "deadline")]
    [InlineData("bonus", 51, "bonus")]
    [InlineData("bonus", -1, "bonus")]
    [InlineData("targetUnitIds", "none", "targetUnitIds")]
    [InlineData("targetUnitIds", "unknown", "targetUnitIds[0]")]
    [InlineData("targetPersonIds", "unknown", "targetPersonIds[0]")]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_is_issued(string field, object? value, string named)
    {
        var tenant = Tenants.New();
        var (group, _, _) = await GroupAsync(tenant);
        var request = New([group]);
        request[field] = value switch
        {
            "past" => Day(Today.AddDays(-1)),
            "none" => Array.Empty<Guid>(),
            "unknown" => new[] { Guid.NewGuid() },
            int n => (decimal)n,
            _ => value,
        };
        if (value is "none") request["targetPersonIds"] = Array.Empty<Guid>();

        var problem = await (await Staff(tenant).PostAsJsonAsync(Route, request)).ReadProblemAsync(400);

        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(named, out _), problem.ToString());
        Assert.Equal(0, await CountAsync(Cs, "solicitations", tenant));
        Assert.Equal(0, await CountAsync(Cs, "outbox_messages", tenant));
    }

    [Fact]
    public async Task Members_and_partners_cannot_issue()
    {
        var tenant = Tenants.New();
        var (group, member, _) = await GroupAsync(tenant);

        await (await Member(tenant, member).PostAsJsonAsync(Route, New([group]))).ReadProblemAsync(403);
        await (await Partner(tenant).PostAsJsonAsync(Route, New([group]))).ReadProblemAsync(403);
        await (await factory.ClientFor(tenant, ["officer"], Guid.NewGuid()).PostAsJsonAsync(Route, New([group]))).ReadProblemAsync(403);

        Assert.Equal(0, await CountAsync(Cs, "solicitations", tenant));
    }

    [Fact]
    public async Task A_member_of_the_targeted_professional_group_today_sees_it_others_do_not()
    {
        var tenant = Tenants.New();
        var (group, member, former) = await GroupAsync(tenant);
        var (mainUnit, byMainUnit, direct, outsider) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await UnitAsync(Cs, tenant, mainUnit, "district-committee", "沙坪坝区委会");
        await PersonAsync(Cs, tenant, byMainUnit, mainUnit, "王芳");
        await PersonAsync(Cs, tenant, direct, name: "李华");
        var staff = Staff(tenant);
        var toGroup = await IssueIdAsync(staff, New([group], title: "专业小组约稿"));
        var toUnit = await IssueIdAsync(staff, New([mainUnit], title: "区委会约稿"));
        var toPerson = await IssueIdAsync(staff, New(persons: [direct], title: "点名约稿"));

        Assert.Equal([toGroup], await ListIdsAsync(Member(tenant, member)));
        Assert.Equal([toUnit], await ListIdsAsync(Member(tenant, byMainUnit)));
        Assert.Equal([toPerson], await ListIdsAsync(Member(tenant, direct)));
        Assert.Empty(await ListIdsAsync(Member(tenant, former)));
        Assert.Empty(await ListIdsAsync(Member(tenant, outsider)));
        Assert.Equal([toPerson, toUnit, toGroup], await ListIdsAsync(staff));

        var seen = await GetAsync(Member(tenant, member), toGroup);
        Assert.False(seen.TryGetProperty("progress", out _), "a member sees no progress");
        Assert.Equal("专业小组约稿", seen.GetProperty("title").GetString());
        await (await Member(tenant, former).GetAsync($"{Route}/{toGroup}")).ReadProblemAsync(404);
        await (await Member(tenant, outsider).GetAsync($"{Route}/{toPerson}")).ReadProblemAsync(404);
    }

    [Fact]
    public async Task A_membership_announced_by_the_people_service_makes_its_person_a_target()
    {
        var tenant = Tenants.New();
        var (group, person) = (Guid.NewGuid(), Guid.NewGuid());
        await EventStreams.PublishAsync(factory.RedisPrefix, Guid.NewGuid(), tenant, new UnitCreated(group, "数字经济专业小组", "professional-group"));
        await EventStreams.PublishAsync(factory.RedisPrefix, Guid.NewGuid(), tenant, new PersonRegistered(person, "张明", null, ["member"], ["member"]));
        var joined = await EventStreams.PublishAsync(factory.RedisPrefix, Guid.NewGuid(), tenant,
            new MembershipChanged(Guid.NewGuid(), person, group, "组员", Today.AddDays(-10), null, 1));
        await EventStreams.WaitUntilConsumedAsync(factory.RedisPrefix, nameof(MembershipChanged), joined);
        await Eventually.GetAsync(() => PeopleDirectoryRows.UnitVersionAsync(Cs, tenant, group), v => v == 1, what: "group known");

        var id = await IssueIdAsync(Staff(tenant), New([group]));

        Assert.Equal([id], await ListIdsAsync(Member(tenant, person)));
        Assert.Equal(HttpStatusCode.Created, (await ClaimAsync(Member(tenant, person), id)).StatusCode);
    }

    [Fact]
    public async Task A_targeted_person_claims_once_and_again_gets_the_same_claim()
    {
        var tenant = Tenants.New();
        var (group, member, _) = await GroupAsync(tenant);
        var id = await IssueIdAsync(Staff(tenant), New([group]));

        var first = await ClaimAsync(Member(tenant, member), id);
        var again = await ClaimAsync(Member(tenant, member), id);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var (a, b) = (await first.Content.ReadFromJsonAsync<JsonElement>(), await again.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(member, a.GetProperty("personId").GetGuid());
        Assert.Equal("刘飞龙", a.GetProperty("personName").GetString());
        Assert.Equal(a.GetProperty("claimedAt").GetDateTimeOffset(), b.GetProperty("claimedAt").GetDateTimeOffset());
        Assert.Equal(1, await CountAsync(Cs, "solicitation_claims", tenant));
        var claimed = Assert.Single(await OutboxAsync(id, nameof(SolicitationClaimed)));
        Assert.Equal(member, JsonDocument.Parse(claimed.Payload).RootElement.GetProperty("personId").GetGuid());
        Assert.True((await GetAsync(Member(tenant, member), id)).TryGetProperty("claimedAt", out var at) && at.ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task No_claim_by_a_person_not_targeted_a_partner_after_the_deadline_or_once_closed()
    {
        var tenant = Tenants.New();
        var (group, member, former) = await GroupAsync(tenant);
        var staff = Staff(tenant);
        var id = await IssueIdAsync(staff, New([group]));
        var expired = await IssueIdAsync(staff, New([group]));
        await ExecuteAsync(Cs, "UPDATE solicitations SET deadline = $1 WHERE id = $2", Today.AddDays(-1), expired);

        Assert.Equal("not-targeted", (await (await ClaimAsync(Member(tenant, former), id)).ReadProblemAsync(403)).GetProperty("code").GetString());
        await (await ClaimAsync(Partner(tenant), id)).ReadProblemAsync(403);
        Assert.Equal("solicitation-expired", (await (await ClaimAsync(Member(tenant, member), expired)).ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await CloseAsync(staff, id)).StatusCode);
        Assert.Equal("solicitation-closed", (await (await ClaimAsync(Member(tenant, member), id)).ReadProblemAsync(409)).GetProperty("code").GetString());

        Assert.Equal(0, await CountAsync(Cs, "solicitation_claims", tenant));
        Assert.Empty(await TestDb.OutboxAsync(Cs, "tenant_id = $1 AND type = $2", tenant, nameof(SolicitationClaimed)));
    }

    [Fact]
    public async Task The_office_sees_claimed_submitted_and_adopted_and_the_answer_raises_SolicitationAnswered()
    {
        var tenant = Tenants.New();
        var (group, member, _) = await GroupAsync(tenant);
        var second = Guid.NewGuid();
        await PersonAsync(Cs, tenant, second, name: "陈静");
        await MembershipAsync(Cs, tenant, second, group, Today);
        var staff = Staff(tenant);
        var request = New([group]);
        request["bonus"] = 8m;
        var id = await IssueIdAsync(staff, request);
        Assert.Equal(HttpStatusCode.Created, (await ClaimAsync(Member(tenant, member), id)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ClaimAsync(Member(tenant, second), id)).StatusCode);

        var writer = Member(tenant, member);
        var draft = Drafts.New("关于社区老年食堂的建议", member);
        draft["solicitationId"] = id;
        draft["coAuthorPersonIds"] = new[] { second };
        var answer = await Drafts.CreateIdAsync(writer, draft);
        var stillDraft = Drafts.New("另一篇草稿", member);
        stillDraft["solicitationId"] = id;
        await Drafts.CreateIdAsync(writer, stillDraft);

        var before = (await GetAsync(staff, id)).GetProperty("progress");
        Assert.Equal((2, 0, 0), (before.GetProperty("claimed").GetInt32(), before.GetProperty("submitted").GetInt32(), before.GetProperty("adopted").GetInt32()));
        Assert.Equal([member, second], before.GetProperty("claimants").Ids("personId"));

        await Drafts.SubmitAsync(writer, answer);
        var submitted = (await GetAsync(staff, id)).GetProperty("progress");
        Assert.Equal((2, 1, 0), (submitted.GetProperty("claimed").GetInt32(), submitted.GetProperty("submitted").GetInt32(), submitted.GetProperty("adopted").GetInt32()));
        var listed = Assert.Single(submitted.GetProperty("answers").EnumerateArray());
        Assert.Equal(answer, listed.GetProperty("id").GetGuid());
        Assert.Equal("关于社区老年食堂的建议", listed.GetProperty("title").GetString());
        Assert.Equal("submitted", listed.GetProperty("status").GetString());

        var answered = Assert.Single(await OutboxAsync(id, nameof(SolicitationAnswered)));
        var payload = JsonDocument.Parse(answered.Payload).RootElement;
        Assert.Equal(answer, payload.GetProperty("submissionId").GetGuid());
        Assert.Equal(8m, payload.GetProperty("bonus").GetDecimal());
        Assert.Equal([member, second], payload.GetProperty("authorPersonIds").EnumerateArray().Select(e => e.GetGuid()));

        var adopted = await EventStreams.PublishAsync(factory.RedisPrefix, Guid.NewGuid(), tenant,
            new SubmissionAdopted(answer, Guid.NewGuid(), AdoptionLevel.OwnBody, member, group, DateTimeOffset.UtcNow, 1));
        await EventStreams.WaitUntilConsumedAsync(factory.RedisPrefix, nameof(SubmissionAdopted), adopted);
        var done = (await GetAsync(staff, id)).GetProperty("progress");
        Assert.Equal((2, 1, 1), (done.GetProperty("claimed").GetInt32(), done.GetProperty("submitted").GetInt32(), done.GetProperty("adopted").GetInt32()));
    }

    [Fact]
    public async Task A_draft_may_answer_only_an_open_solicitation_of_its_tenant()
    {
        var tenant = Tenants.New();
        var other = Tenants.New();
        var person = Guid.NewGuid();
        await PersonAsync(Cs, tenant, person);
        var staff = Staff(tenant);
        var closed = await IssueIdAsync(staff, New(persons: [person]));
        Assert.Equal(HttpStatusCode.OK, (await CloseAsync(staff, closed)).StatusCode);
        var otherPerson = Guid.NewGuid();
        await PersonAsync(Cs, other, otherPerson);
        var ofOther = await IssueIdAsync(Staff(other), New(persons: [otherPerson]));
        var before = await SolicitationKit.CountAsync(Cs, "submissions", tenant);

        foreach (var solicitation in new[] { Guid.NewGuid(), closed, ofOther })
        {
            var draft = Drafts.New(authorPersonId: person);
            draft["solicitationId"] = solicitation;
            var problem = await (await Member(tenant, person).PostAsJsonAsync(Drafts.Path, draft)).ReadProblemAsync(400);
            Assert.True(problem.GetProperty("errors").TryGetProperty("solicitationId", out _), problem.ToString());
        }

        Assert.Equal(before, await SolicitationKit.CountAsync(Cs, "submissions", tenant));
    }

    [Fact]
    public async Task Closing_needs_the_current_ETag_raises_a_new_version_and_happens_once()
    {
        var tenant = Tenants.New();
        var (group, member, _) = await GroupAsync(tenant);
        var staff = Staff(tenant);
        var id = await IssueIdAsync(staff, New([group]));
        var stale = (await staff.GetAsync($"{Route}/{id}")).Headers.ETag!.ToString();

        await (await staff.PostAsync($"{Route}/{id}/close", null)).ReadProblemAsync(428);
        await (await CloseAsync(Member(tenant, member), id)).ReadProblemAsync(403);
        Assert.Equal("open", (await GetAsync(staff, id)).GetProperty("status").GetString());

        var closed = await CloseAsync(staff, id, stale);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.NotEqual(stale, closed.Headers.ETag!.ToString());
        Assert.Equal("closed", (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await (await CloseAsync(staff, id, stale)).ReadProblemAsync(412);
        Assert.Equal("solicitation-closed", (await (await CloseAsync(staff, id)).ReadProblemAsync(409)).GetProperty("code").GetString());

        var versions = (await OutboxAsync(id, nameof(SolicitationIssued))).Select(r => JsonDocument.Parse(r.Payload).RootElement).ToList();
        Assert.Equal([1, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(JsonValueKind.String, versions[1].GetProperty("closedAt").ValueKind);
    }

    [Fact]
    public async Task A_claim_changes_the_ETag_so_no_stale_progress_is_answered_304_and_close_needs_the_new_one()
    {
        var tenant = Tenants.New();
        var (group, member, _) = await GroupAsync(tenant);
        var staff = Staff(tenant);
        var id = await IssueIdAsync(staff, New([group]));
        var before = (await staff.GetAsync($"{Route}/{id}")).Headers.ETag!.ToString();
        var memberBefore = (await Member(tenant, member).GetAsync($"{Route}/{id}")).Headers.ETag!.ToString();

        Assert.Equal(HttpStatusCode.Created, (await ClaimAsync(Member(tenant, member), id)).StatusCode);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"{Route}/{id}");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", before);
        var fresh = await staff.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(1, (await fresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("progress").GetProperty("claimed").GetInt32());
        var after = fresh.Headers.ETag!.ToString();
        Assert.NotEqual(before, after);
        using var unchanged = new HttpRequestMessage(HttpMethod.Get, $"{Route}/{id}");
        unchanged.Headers.TryAddWithoutValidation("If-None-Match", after);
        Assert.Equal(HttpStatusCode.NotModified, (await staff.SendAsync(unchanged)).StatusCode);
        // The member's own view changes with the claim too.
        Assert.NotEqual(memberBefore, (await Member(tenant, member).GetAsync($"{Route}/{id}")).Headers.ETag!.ToString());

        await (await CloseAsync(staff, id, before)).ReadProblemAsync(412);
        Assert.Equal("open", (await GetAsync(staff, id)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await CloseAsync(staff, id, after)).StatusCode);
    }

    [Fact]
    public async Task The_list_filters_by_status_and_openness()
    {
        var tenant = Tenants.New();
        var (group, _, _) = await GroupAsync(tenant);
        var staff = Staff(tenant);
        var open = await IssueIdAsync(staff, New([group]));
        var closed = await IssueIdAsync(staff, New([group]));
        var expired = await IssueIdAsync(staff, New([group]));
        await CloseAsync(staff, closed);
        await ExecuteAsync(Cs, "UPDATE solicitations SET deadline = $1 WHERE id = $2", Today.AddDays(-1), expired);

        Assert.Equal([closed], await ListIdsAsync(staff, "?status=closed"));
        Assert.Equal([expired, open], await ListIdsAsync(staff, "?status=open"));
        Assert.Equal([open], await ListIdsAsync(staff, "?open=true"));
        Assert.Equal([expired, closed], await ListIdsAsync(staff, "?open=false"));
        var problem = await (await staff.GetAsync($"{Route}?status=pending")).ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
        await (await Partner(tenant).GetAsync(Route)).ReadProblemAsync(403);
    }

    [Fact]
    public async Task Another_tenant_can_neither_see_claim_close_nor_answer_it()
    {
        var (a, b) = (Tenants.New(), Tenants.New());
        var (group, member, _) = await GroupAsync(a);
        var id = await IssueIdAsync(Staff(a), New([group]));
        var staffB = Staff(b);
        await PersonAsync(Cs, b, member);
        await IssueIdAsync(staffB, New(persons: [member]));

        await (await staffB.GetAsync($"{Route}/{id}")).ReadProblemAsync(404);
        Assert.DoesNotContain(id, await ListIdsAsync(staffB));
        await (await ClaimAsync(Member(b, member), id)).ReadProblemAsync(404);
        await (await CloseAsync(staffB, id, "\"1\"")).ReadProblemAsync(404);
        var draft = Drafts.New(authorPersonId: member);
        draft["solicitationId"] = id;
        await (await Member(b, member).PostAsJsonAsync(Drafts.Path, draft)).ReadProblemAsync(400);

        Assert.Equal("open", (await GetAsync(Staff(a), id)).GetProperty("status").GetString());
        Assert.Equal(0, await CountAsync(Cs, "solicitation_claims", b));
        Assert.Equal(0, await CountAsync(Cs, "solicitation_claims", a));
    }
}
