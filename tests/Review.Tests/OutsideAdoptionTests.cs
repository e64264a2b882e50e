using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>全国政协采用, 党派中央采用, 上级采用 by a body not on the platform: recorded by staff with the publication and its evidence.</summary>
public sealed class OutsideAdoptionTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-1);

    private static object Adoption(string level = "national", string? publicationName = "全国政协《社情民意信息》", string? issue = "2026年第12期",
        DateOnly? adoptedOn = null, Guid? evidenceFileId = null) =>
        new { level, publicationName, issue, adoptedOn = adoptedOn ?? Yesterday, evidenceFileId };

    private Task<HttpResponseMessage> PostAsync(string tenant, Guid submissionId, object body, string? key = null) =>
        ReviewKit.PostJsonAsync(_kit.Client(tenant), $"/submissions/{submissionId}/adoptions", body, key);

    private Task<long> AdoptionCountAsync(Guid submissionId) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM adoptions WHERE submission_id = $1", submissionId);

    [Fact]
    public async Task A_national_adoption_is_recorded_with_its_evidence_and_announced_with_the_shares()
    {
        var tenant = ReviewKit.NewTenant();
        var (lead, second) = (Guid.NewGuid(), Guid.NewGuid());
        var submitted = ReviewKit.NewSubmission() with { AuthorPersonId = lead, Authors = [new(lead, 1, 0.6m), new(second, 2, 0.4m)] };
        var adopted = await _kit.AdoptedAsync(tenant, submitted);
        var etagBefore = await _kit.ETagAsync(tenant, adopted.Id);
        var evidence = await EvidenceKit.UploadAsync(_kit.Client(tenant));

        var response = await PostAsync(tenant, submitted.SubmissionId, Adoption(evidenceFileId: evidence.Id));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var rung = (await response.Content.ReadFromJsonAsync<AdoptionDto>(ReviewKit.Json))!;
        Assert.Equal(("national", "recorded", "全国政协《社情民意信息》", "2026年第12期", Yesterday, evidence.Id),
            (rung.Level, rung.Source, rung.PublicationName, rung.Issue, rung.AdoptedOn, rung.EvidenceFileId));
        Assert.Equal([(lead, 0.6m), (second, 0.4m)], rung.Authors.Select(a => (a.PersonId, a.Share)));
        var ladder = await _kit.Client(tenant).GetFromJsonAsync<AdoptionLadderDto>($"/submissions/{submitted.SubmissionId}/adoptions", ReviewKit.Json);
        Assert.Equal(["own-body", "national"], ladder!.Adoptions.Select(a => a.Level));
        Assert.NotEqual(etagBefore, await _kit.ETagAsync(tenant, adopted.Id)); // the case's ETag covers the ladder

        var row = (await _kit.OutboxRowsAsync(submitted.SubmissionId)).Last();
        Assert.Equal("SubmissionAdopted", row.Type);
        var p = row.Payload;
        Assert.Equal(("national", "recorded", "全国政协《社情民意信息》", "2026年第12期", evidence.Id),
            (p.GetProperty("level").GetString(), p.GetProperty("source").GetString(), p.GetProperty("publicationName").GetString(),
             p.GetProperty("issue").GetString(), p.GetProperty("evidenceFileId").GetGuid()));
        Assert.Equal([(lead, 0.6m), (second, 0.4m)], p.GetProperty("authors").EnumerateArray()
            .Select(a => (a.GetProperty("personId").GetGuid(), a.GetProperty("share").GetDecimal())));
        Assert.Equal(submitted.UnitId, Assert.Single(p.GetProperty("units").EnumerateArray()).GetProperty("unitId").GetGuid());
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'adoption-recorded'", tenant));
    }

    [Fact]
    public async Task Party_centre_and_a_parent_body_off_the_platform_are_levels_of_their_own()
    {
        var tenant = ReviewKit.NewTenant();
        var adopted = await _kit.AdoptedAsync(tenant);

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(tenant, adopted.SubmissionId, Adoption("party-centre", "民建中央《零讯》"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(tenant, adopted.SubmissionId, Adoption("parent-body", "市政协《社情民意》"))).StatusCode);

        var levels = (await _kit.OutboxRowsAsync(adopted.SubmissionId)).Select(r => r.Payload.GetProperty("level").GetString());
        Assert.Equal(["own-body", "party-centre", "parent-body"], levels);
    }

    [Fact]
    public async Task A_parent_body_on_the_platform_is_not_recorded_here()
    {
        var (tenant, parent) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var adopted = await _kit.AdoptedAsync(tenant);
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, parent, "重庆市政协", null);
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, tenant, "沙坪坝区政协", parent);

        var response = await PostAsync(tenant, adopted.SubmissionId, Adoption("parent-body", "市政协《社情民意》"));

        Assert.Equal("parent-on-platform", (await response.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(1, await AdoptionCountAsync(adopted.SubmissionId));
    }

    [Fact]
    public async Task Another_tenants_item_is_404_even_for_a_parent_body_level_that_would_be_refused_here()
    {
        var (tenant, other, parent) = (ReviewKit.NewTenant(), ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var adopted = await _kit.AdoptedAsync(tenant);
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, parent, "重庆市政协", null);
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, other, "民建重庆市委", parent);

        // A 409 parent-on-platform would tell the other tenant the item exists: the lookup answers first.
        await (await PostAsync(other, adopted.SubmissionId, Adoption("parent-body", "市政协《社情民意》"))).ReadProblemAsync(404);
        Assert.Equal(1, await AdoptionCountAsync(adopted.SubmissionId));
    }

    [Fact]
    public async Task An_item_not_adopted_by_its_own_body_cannot_be_adopted_outside()
    {
        var tenant = ReviewKit.NewTenant();
        var open = await _kit.OpenCaseAsync(tenant);
        var rejected = await _kit.CaseAtFinalStageAsync(tenant);
        await _kit.DecideOkAsync(tenant, rejected.Id, new { action = "reject", comment = "不予采用" });

        foreach (var item in new[] { open, rejected })
        {
            var response = await PostAsync(tenant, item.SubmissionId, Adoption());
            Assert.Equal("not-adopted", (await response.ReadProblemAsync(409)).GetProperty("code").GetString());
            Assert.Equal(0, await AdoptionCountAsync(item.SubmissionId));
        }
    }

    [Fact]
    public async Task The_same_level_twice_is_409_and_keeps_the_first()
    {
        var tenant = ReviewKit.NewTenant();
        var adopted = await _kit.AdoptedAsync(tenant);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(tenant, adopted.SubmissionId, Adoption())).StatusCode);

        var again = await PostAsync(tenant, adopted.SubmissionId, Adoption(issue: "2026年第13期"));

        Assert.Equal("already-adopted-at-level", (await again.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(2, await AdoptionCountAsync(adopted.SubmissionId));
        Assert.Equal("2026年第12期", (await _kit.OutboxRowsAsync(adopted.SubmissionId)).Last().Payload.GetProperty("issue").GetString());
    }

    public static TheoryData<string, object, string> BadRequests() => new()
    {
        { "own body", Adoption("own-body"), "level" },
        { "unknown level", Adoption("provincial"), "level" },
        { "no publication", Adoption(publicationName: " "), "publicationName" },
        { "no issue", Adoption(issue: null), "issue" },
        { "long issue", Adoption(issue: new string('期', 51)), "issue" },
        { "future day", Adoption(adoptedOn: DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(2)), "adoptedOn" },
        { "no day", new { level = "national", publicationName = "全国政协《社情民意信息》", issue = "第12期" }, "adoptedOn" },
        { "unknown evidence", Adoption(evidenceFileId: Guid.NewGuid()), "evidenceFileId" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_is_a_400_naming_the_field_and_records_nothing(string what, object body, string field)
    {
        var tenant = ReviewKit.NewTenant();
        var adopted = await _kit.AdoptedAsync(tenant);

        var problem = await (await PostAsync(tenant, adopted.SubmissionId, body)).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{what}: {problem}");
        Assert.Equal(1, await AdoptionCountAsync(adopted.SubmissionId));
        Assert.Single(await _kit.OutboxRowsAsync(adopted.SubmissionId));
    }

    [Fact]
    public async Task Another_tenants_item_is_404_and_another_tenants_evidence_is_unknown()
    {
        var (tenant, other) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var adopted = await _kit.AdoptedAsync(tenant);
        var theirs = await EvidenceKit.UploadAsync(_kit.Client(other));

        await (await PostAsync(other, adopted.SubmissionId, Adoption())).ReadProblemAsync(404);
        var problem = await (await PostAsync(tenant, adopted.SubmissionId, Adoption(evidenceFileId: theirs.Id))).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("evidenceFileId", out _));
        Assert.Equal(1, await AdoptionCountAsync(adopted.SubmissionId));
    }

    [Fact]
    public async Task Members_may_not_record()
    {
        var tenant = ReviewKit.NewTenant();
        var adopted = await _kit.AdoptedAsync(tenant);
        var member = factory.ClientFor(tenant, [PlatformRoles.Member], Guid.NewGuid());

        await (await ReviewKit.PostJsonAsync(member, $"/submissions/{adopted.SubmissionId}/adoptions", Adoption())).ReadProblemAsync(403);
        Assert.Equal(1, await AdoptionCountAsync(adopted.SubmissionId));
    }

    [Fact]
    public async Task Two_records_of_one_level_at_once_leave_one_rung_and_one_event()
    {
        var tenant = ReviewKit.NewTenant();
        var adopted = await _kit.AdoptedAsync(tenant);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            PostAsync(tenant, adopted.SubmissionId, Adoption(issue: $"第{i}期"), key: i % 2 == 0 ? Guid.NewGuid().ToString() : null)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            Assert.Equal("already-adopted-at-level", (await lost.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(2, await AdoptionCountAsync(adopted.SubmissionId));
        Assert.Equal(["own-body", "national"], (await _kit.OutboxRowsAsync(adopted.SubmissionId)).Select(r => r.Payload.GetProperty("level").GetString()));
    }

    [Fact]
    public async Task Different_levels_at_once_are_all_recorded()
    {
        var tenant = ReviewKit.NewTenant();
        var adopted = await _kit.AdoptedAsync(tenant);

        var responses = await Task.WhenAll(new[] { "national", "party-centre", "parent-body" }.Select(level =>
            PostAsync(tenant, adopted.SubmissionId, Adoption(level))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(4, await AdoptionCountAsync(adopted.SubmissionId));
    }

    [Fact]
    public async Task A_retried_record_with_its_key_gets_the_first_answer()
    {
        var tenant = ReviewKit.NewTenant();
        var adopted = await _kit.AdoptedAsync(tenant);
        var client = factory.ClientWithToken(TestTokens.Create(tenant, clientId: "office-1"));
        var key = Guid.NewGuid().ToString();

        var first = await ReviewKit.PostJsonAsync(client, $"/submissions/{adopted.SubmissionId}/adoptions", Adoption(), key);
        var retry = await ReviewKit.PostJsonAsync(client, $"/submissions/{adopted.SubmissionId}/adoptions", Adoption(), key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, retry.StatusCode));
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(2, await AdoptionCountAsync(adopted.SubmissionId));
    }
}
