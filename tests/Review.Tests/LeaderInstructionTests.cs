using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>领导批示: leaders' instructions on adopted items, several per item, each announced with the item's shares.</summary>
public sealed class LeaderInstructionTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static object Instruction(string? leaderTitle = "市委副书记", string? level = "municipal", string? nature = "肯定性",
        DateOnly? instructedOn = null, string? summary = "所提建议很有价值，请市民政局研究吸纳。", Guid? evidenceFileId = null) =>
        new { leaderTitle, level, nature, instructedOn = instructedOn ?? Today.AddDays(-3), summary, evidenceFileId };

    private Task<HttpResponseMessage> PostAsync(string tenant, Guid submissionId, object body, string? key = null) =>
        ReviewKit.PostJsonAsync(_kit.Client(tenant), $"/submissions/{submissionId}/instructions", body, key);

    private Task<long> CountAsync(Guid submissionId) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM leader_instructions WHERE submission_id = $1", submissionId);

    private async Task<List<OutboxRow>> EventsAsync(Guid submissionId) =>
        [.. (await _kit.OutboxRowsAsync(submissionId)).Where(r => r.Type == "LeaderInstructionRecorded")];

    [Fact]
    public async Task Instructions_are_recorded_listed_shown_on_the_case_and_announced_with_the_shares()
    {
        var tenant = ReviewKit.NewTenant();
        var (lead, second) = (Guid.NewGuid(), Guid.NewGuid());
        var submitted = ReviewKit.NewSubmission() with { AuthorPersonId = lead, Authors = [new(lead, 1, 0.7m), new(second, 2, 0.3m)] };
        var adopted = await _kit.AdoptedAsync(tenant, submitted);
        var etagBefore = await _kit.ETagAsync(tenant, adopted.Id);
        var scan = await EvidenceKit.UploadAsync(_kit.Client(tenant), EvidenceKit.Jpeg(), "image/jpeg");

        var first = await PostAsync(tenant, submitted.SubmissionId, Instruction(evidenceFileId: scan.Id));
        var second_ = await PostAsync(tenant, submitted.SubmissionId,
            Instruction("区长", "district", "督办性", Today.AddDays(-10), "请区民政局牵头办理，一月内报告结果。"));

        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, second_.StatusCode);
        var recorded = (await first.Content.ReadFromJsonAsync<InstructionDto>(ReviewKit.Json))!;
        Assert.Equal(("municipal", "市委副书记", "肯定性", Today.AddDays(-3), scan.Id),
            (recorded.Level, recorded.LeaderTitle, recorded.Nature, recorded.InstructedOn, recorded.EvidenceFileId));
        Assert.Equal([(lead, 0.7m), (second, 0.3m)], recorded.Authors.Select(a => (a.PersonId, a.Share)));

        var list = await _kit.Client(tenant).GetAsync($"/submissions/{submitted.SubmissionId}/instructions");
        Assert.NotNull(list.Headers.ETag);
        var listed = (await list.Content.ReadFromJsonAsync<InstructionListDto>(ReviewKit.Json))!;
        Assert.Equal(adopted.Id, listed.CaseId);
        Assert.Equal(["district", "municipal"], listed.Instructions.Select(i => i.Level)); // in the order given
        var onCase = await _kit.Client(tenant).GetFromJsonAsync<CaseWithLadderDto>($"/cases/{adopted.Id}", ReviewKit.Json);
        Assert.Equal(listed.Instructions.Select(i => i.Id), onCase!.Instructions!.Select(i => i.Id));
        Assert.NotEqual(etagBefore, await _kit.ETagAsync(tenant, adopted.Id));
        Assert.Single(onCase.Adoptions!);

        var events = await EventsAsync(submitted.SubmissionId);
        Assert.Equal(2, events.Count);
        var p = events[0].Payload;
        Assert.Equal((recorded.Id, adopted.Id, "municipal", "市委副书记", "肯定性", Today.AddDays(-3).ToString("yyyy-MM-dd"), "所提建议很有价值，请市民政局研究吸纳。"),
            (p.GetProperty("instructionId").GetGuid(), p.GetProperty("caseId").GetGuid(), p.GetProperty("level").GetString(),
             p.GetProperty("leaderTitle").GetString(), p.GetProperty("nature").GetString(), p.GetProperty("instructedOn").GetString(),
             p.GetProperty("summary").GetString()));
        Assert.Equal([(lead, 0.7m), (second, 0.3m)], p.GetProperty("authors").EnumerateArray()
            .Select(a => (a.GetProperty("personId").GetGuid(), a.GetProperty("share").GetDecimal())));
        Assert.Equal(submitted.UnitId, Assert.Single(p.GetProperty("units").EnumerateArray()).GetProperty("unitId").GetGuid());
        Assert.Equal("district", events[1].Payload.GetProperty("level").GetString());
        Assert.Equal(2, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'instruction-recorded'", tenant));
    }

    [Fact]
    public async Task An_item_adopted_at_any_level_may_gather_instructions()
    {
        var tenant = ReviewKit.NewTenant();
        var adopted = await _kit.AdoptedAsync(tenant, level: "party-centre");

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(tenant, adopted.SubmissionId, Instruction(level: "national"))).StatusCode);
    }

    [Fact]
    public async Task An_item_not_adopted_is_409_and_gets_nothing()
    {
        var tenant = ReviewKit.NewTenant();
        var open = await _kit.OpenCaseAsync(tenant);

        var response = await PostAsync(tenant, open.SubmissionId, Instruction());

        Assert.Equal("not-adopted", (await response.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(0, await CountAsync(open.SubmissionId));
        Assert.Empty(await EventsAsync(open.SubmissionId));
    }

    public static TheoryData<string, object, string> BadRequests() => new()
    {
        { "no leader", Instruction(leaderTitle: ""), "leaderTitle" },
        { "long title", Instruction(leaderTitle: new string('长', 51)), "leaderTitle" },
        { "no level", Instruction(level: null), "level" },
        { "unknown level", Instruction(level: "township"), "level" },
        { "unknown nature", Instruction(nature: "表扬性"), "nature" },
        { "no nature", Instruction(nature: null), "nature" },
        { "future day", Instruction(instructedOn: Today.AddDays(2)), "instructedOn" },
        { "no day", new { leaderTitle = "市长", level = "municipal", nature = "指导性", summary = "请研究" }, "instructedOn" },
        { "no summary", Instruction(summary: "  "), "summary" },
        { "long summary", Instruction(summary: new string('文', 1001)), "summary" },
        { "unknown evidence", Instruction(evidenceFileId: Guid.NewGuid()), "evidenceFileId" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_is_a_400_naming_the_field_and_records_nothing(string what, object body, string field)
    {
        var tenant = ReviewKit.NewTenant();
        var adopted = await _kit.AdoptedAsync(tenant);

        var problem = await (await PostAsync(tenant, adopted.SubmissionId, body)).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{what}: {problem}");
        Assert.Equal(0, await CountAsync(adopted.SubmissionId));
        Assert.Empty(await EventsAsync(adopted.SubmissionId));
    }

    [Fact]
    public async Task Another_tenant_sees_and_records_nothing_on_the_item()
    {
        var (tenant, other) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var adopted = await _kit.AdoptedAsync(tenant);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(tenant, adopted.SubmissionId, Instruction())).StatusCode);
        var theirScan = await EvidenceKit.UploadAsync(_kit.Client(other));

        await (await PostAsync(other, adopted.SubmissionId, Instruction())).ReadProblemAsync(404);
        await (await _kit.Client(other).GetAsync($"/submissions/{adopted.SubmissionId}/instructions")).ReadProblemAsync(404);
        await (await _kit.Client(tenant).GetAsync($"/submissions/{Guid.NewGuid()}/instructions")).ReadProblemAsync(404);
        var problem = await (await PostAsync(tenant, adopted.SubmissionId, Instruction(evidenceFileId: theirScan.Id))).ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("evidenceFileId", out _));
        Assert.Equal(1, await CountAsync(adopted.SubmissionId));
    }

    [Fact]
    public async Task Members_may_not_record()
    {
        var tenant = ReviewKit.NewTenant();
        var adopted = await _kit.AdoptedAsync(tenant);
        var member = factory.ClientFor(tenant, [PlatformRoles.Member], Guid.NewGuid());

        await (await ReviewKit.PostJsonAsync(member, $"/submissions/{adopted.SubmissionId}/instructions", Instruction())).ReadProblemAsync(403);
        Assert.Equal(0, await CountAsync(adopted.SubmissionId));
    }

    [Fact]
    public async Task Instructions_recorded_at_once_are_all_kept_each_with_its_event()
    {
        var tenant = ReviewKit.NewTenant();
        var adopted = await _kit.AdoptedAsync(tenant);

        var responses = await Task.WhenAll(Enumerable.Range(1, 3).Select(i =>
            PostAsync(tenant, adopted.SubmissionId, Instruction(leaderTitle: $"副市长{i}"), key: i == 1 ? Guid.NewGuid().ToString() : null)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(3, await CountAsync(adopted.SubmissionId));
        Assert.Equal(3, (await EventsAsync(adopted.SubmissionId)).Count);
    }

    [Fact]
    public async Task A_retried_record_with_its_key_is_recorded_once()
    {
        var tenant = ReviewKit.NewTenant();
        var adopted = await _kit.AdoptedAsync(tenant);
        var client = factory.ClientWithToken(TestTokens.Create(tenant, clientId: "office-2"));
        var key = Guid.NewGuid().ToString();

        var first = await ReviewKit.PostJsonAsync(client, $"/submissions/{adopted.SubmissionId}/instructions", Instruction(), key);
        var retry = await ReviewKit.PostJsonAsync(client, $"/submissions/{adopted.SubmissionId}/instructions", Instruction(), key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, retry.StatusCode));
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await CountAsync(adopted.SubmissionId));
        Assert.Single(await EventsAsync(adopted.SubmissionId));
    }
}
