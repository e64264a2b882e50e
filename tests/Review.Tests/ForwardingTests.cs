using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// 转报: a case adopted at own-body level is forwarded once to the parent tenant; the parent reviews its copy in its own
/// workflow, and its decision comes back: adopted → a parent-body adoption crediting the original's authors; rejected →
/// not-adopted, no credit.
/// </summary>
public sealed class ForwardingTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    private async Task<(string Parent, string Child)> FamilyAsync()
    {
        var (parent, child) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, parent, "重庆市政协", null);
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, child, "沙坪坝区政协", parent);
        return (parent, child);
    }

    public static async Task<HttpResponseMessage> ForwardAsync(HttpClient client, Guid caseId, object? body, string? etag, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/cases/{caseId}/forward") { Content = JsonContent.Create(body ?? new { }) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        if (key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> ForwardAsync(string tenant, Guid caseId, object? body = null) =>
        await ForwardAsync(_kit.Client(tenant), caseId, body, await _kit.ETagAsync(tenant, caseId));

    private async Task<CaseDto> AdoptedCaseAsync(string tenant, SubmissionSubmitted? submitted = null)
    {
        var opened = await _kit.OpenCaseAsync(tenant, submitted);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        return await _kit.DecideOkAsync(tenant, opened.Id, new { action = "adopt", adoptionLevel = "own-body" });
    }

    private async Task<JsonElement> CaseJsonAsync(string tenant, Guid caseId) =>
        await (await _kit.Client(tenant).GetAsync($"/cases/{caseId}")).Content.ReadFromJsonAsync<JsonElement>();

    private async Task<JsonElement> ForwardingsAsync(string tenant) =>
        await (await _kit.Client(tenant).GetAsync("/forwardings")).Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task An_adopted_case_is_forwarded_once_and_raises_SubmissionForwarded_with_its_shares()
    {
        var (parent, child) = await FamilyAsync();
        var adopted = await AdoptedCaseAsync(child);
        var etagBefore = await _kit.ETagAsync(child, adopted.Id);

        var response = await ForwardAsync(child, adopted.Id, new { note = "建议报市政协" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var forwarding = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(parent, forwarding.GetProperty("parentTenantId").GetString());
        Assert.Equal("重庆市政协", forwarding.GetProperty("parentTenantName").GetString());
        Assert.Equal("forwarded", forwarding.GetProperty("status").GetString());
        Assert.Equal("建议报市政协", forwarding.GetProperty("note").GetString());
        var raised = Assert.Single((await _kit.OutboxRowsAsync(adopted.SubmissionId)).Where(r => r.Type == nameof(SubmissionForwarded)));
        Assert.Equal(child, raised.TenantId);
        Assert.Equal(parent, raised.Payload.GetProperty("parentTenantId").GetString());
        Assert.Equal(adopted.AuthorPersonId, raised.Payload.GetProperty("authors")[0].GetProperty("personId").GetGuid());

        // The case shows it, under a new ETag; the list has it.
        Assert.NotEqual(etagBefore, await _kit.ETagAsync(child, adopted.Id));
        var shown = (await CaseJsonAsync(child, adopted.Id)).GetProperty("forwarding");
        Assert.Equal(("重庆市政协", "forwarded"), (shown.GetProperty("parentTenantName").GetString(), shown.GetProperty("status").GetString()));
        var list = await ForwardingsAsync(child);
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(adopted.SubmissionId, list.GetProperty("items")[0].GetProperty("submissionId").GetGuid());

        // Twice: 409, nothing more raised.
        var again = await (await ForwardAsync(child, adopted.Id)).ReadProblemAsync(409);
        Assert.Equal("already-forwarded", again.GetProperty("code").GetString());
        Assert.Single((await _kit.OutboxRowsAsync(adopted.SubmissionId)).Where(r => r.Type == nameof(SubmissionForwarded)));
    }

    [Fact]
    public async Task A_case_not_adopted_at_own_body_level_or_of_a_tenant_without_parent_is_not_forwarded()
    {
        var (parent, child) = await FamilyAsync();
        var open = await _kit.OpenCaseAsync(child);
        var notAdopted = await (await ForwardAsync(child, open.Id)).ReadProblemAsync(409);
        Assert.Equal("not-adopted", notAdopted.GetProperty("code").GetString());

        var atFinal = await _kit.CaseAtFinalStageAsync(child);
        await _kit.DecideOkAsync(child, atFinal.Id, new { action = "adopt", adoptionLevel = "national" });
        Assert.Equal("not-adopted", (await (await ForwardAsync(child, atFinal.Id)).ReadProblemAsync(409)).GetProperty("code").GetString());

        var topLevel = await AdoptedCaseAsync(parent); // 重庆市政协 has no parent on the platform
        Assert.Equal("no-parent-tenant", (await (await ForwardAsync(parent, topLevel.Id)).ReadProblemAsync(409)).GetProperty("code").GetString());

        Assert.Equal(0, (await ForwardingsAsync(child)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await ForwardingsAsync(parent)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Forwarding_needs_If_Match_checks_it_and_validates_the_note()
    {
        var (_, child) = await FamilyAsync();
        var adopted = await AdoptedCaseAsync(child);
        var staff = _kit.Client(child);

        await (await ForwardAsync(staff, adopted.Id, new { }, null)).ReadProblemAsync(428);
        await (await ForwardAsync(staff, adopted.Id, new { }, "\"1\"")).ReadProblemAsync(412);
        var invalid = await (await ForwardAsync(child, adopted.Id, new { note = new string('长', 501) })).ReadProblemAsync(400);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("note", out _));
        await (await ForwardAsync(factory.ClientFor(child, ["member"], Guid.NewGuid()), adopted.Id, new { }, await _kit.ETagAsync(child, adopted.Id)))
            .ReadProblemAsync(403);
        Assert.Equal(0, (await ForwardingsAsync(child)).GetProperty("total").GetInt32());

        // The same Idempotency-Key again answers the first answer, not already-forwarded.
        var key = Guid.NewGuid().ToString();
        var etag = await _kit.ETagAsync(child, adopted.Id);
        var first = await ForwardAsync(staff, adopted.Id, new { }, etag, key);
        var retry = await ForwardAsync(staff, adopted.Id, new { }, etag, key);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1, (await ForwardingsAsync(child)).GetProperty("total").GetInt32());
    }

    /// <summary>The parent's copy as intake submits it: no authors, the origin named.</summary>
    private static SubmissionSubmitted CopyOf(string child, Guid originalId) =>
        new(Guid.NewGuid(), "转报: 关于加强社区养老服务的建议", Guid.Empty, Guid.Empty, DateTimeOffset.UtcNow, [], [], "situation-report",
            Channel: "forwarded", Origin: new SubmissionOrigin(child, originalId));

    [Fact]
    public async Task The_parents_adoption_of_its_copy_records_a_parent_body_adoption_for_the_original_authors_once()
    {
        var (parent, child) = await FamilyAsync();
        var original = await AdoptedCaseAsync(child);
        Assert.Equal(HttpStatusCode.OK, (await ForwardAsync(child, original.Id)).StatusCode);

        // The copy opens a case in the parent's own workflow, crediting nobody there, showing only its origin.
        var copy = await _kit.OpenCaseAsync(parent, CopyOf(child, original.SubmissionId));
        Assert.Empty(copy.Authors!);
        Assert.Empty(copy.Units!);
        var origin = (await CaseJsonAsync(parent, copy.Id)).GetProperty("origin");
        Assert.Equal((child, "沙坪坝区政协", original.SubmissionId),
            (origin.GetProperty("tenantId").GetString(), origin.GetProperty("tenantName").GetString(), origin.GetProperty("submissionId").GetGuid()));
        // Neither reads the other's case.
        await (await _kit.Client(child).GetAsync($"/cases/{copy.Id}")).ReadProblemAsync(404);
        await (await _kit.Client(parent).GetAsync($"/cases/{original.Id}")).ReadProblemAsync(404);

        await _kit.DecideOkAsync(parent, copy.Id, new { action = "pass" });
        await _kit.DecideOkAsync(parent, copy.Id, new { action = "pass" });
        await _kit.DecideOkAsync(parent, copy.Id, new { action = "adopt", adoptionLevel = "own-body", comment = "市政协采用" });

        var shown = await Eventually.GetAsync(async () => (await CaseJsonAsync(child, original.Id)).GetProperty("forwarding"),
            f => f.GetProperty("status").GetString() == "adopted", what: "the parent's adoption back at the origin");
        Assert.NotEqual(JsonValueKind.Null, shown.GetProperty("decidedOn").ValueKind);
        var credit = Assert.Single((await _kit.OutboxRowsAsync(original.SubmissionId))
            .Where(r => r.Type == nameof(SubmissionAdopted) && r.Payload.GetProperty("level").GetString() == "parent-body"));
        Assert.Equal(child, credit.TenantId);
        Assert.Equal(original.AuthorPersonId, credit.Payload.GetProperty("authorPersonId").GetGuid());
        Assert.Equal(original.UnitId, credit.Payload.GetProperty("unitId").GetGuid());
        // The copy's own adoption (in the parent) names nobody.
        var copyAdopted = Assert.Single((await _kit.OutboxRowsAsync(copy.SubmissionId)).Where(r => r.Type == nameof(SubmissionAdopted)));
        Assert.Equal(Guid.Empty, copyAdopted.Payload.GetProperty("authorPersonId").GetGuid());

        // The decision handed back again (a replay): still one parent-body adoption.
        await _kit.Feeder.PublishAsync(child, new ForwardedItemDecided(original.SubmissionId, parent, "重庆市政协", true,
            DateOnly.FromDateTime(DateTime.UtcNow), "市政协采用"));
        var late = await _kit.Feeder.PublishAsync(child, new ForwardedItemDecided(original.SubmissionId, parent, "重庆市政协", false,
            DateOnly.FromDateTime(DateTime.UtcNow), "迟到的不予采用"));
        await _kit.Feeder.WaitConsumedAsync(late, ReviewKit.ConsumerGroup);
        Assert.Single((await _kit.OutboxRowsAsync(original.SubmissionId))
            .Where(r => r.Type == nameof(SubmissionAdopted) && r.Payload.GetProperty("level").GetString() == "parent-body"));
        Assert.Equal("adopted", (await CaseJsonAsync(child, original.Id)).GetProperty("forwarding").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_parents_rejection_marks_the_forwarding_not_adopted_and_credits_nobody()
    {
        var (parent, child) = await FamilyAsync();
        var original = await AdoptedCaseAsync(child);
        Assert.Equal(HttpStatusCode.OK, (await ForwardAsync(child, original.Id)).StatusCode);
        var copy = await _kit.OpenCaseAsync(parent, CopyOf(child, original.SubmissionId));

        await _kit.DecideOkAsync(parent, copy.Id, new { action = "reject", comment = "与市级已有信息重复" });

        await Eventually.GetAsync(async () => (await CaseJsonAsync(child, original.Id)).GetProperty("forwarding"),
            f => f.GetProperty("status").GetString() == "not-adopted", what: "the parent's rejection back at the origin");
        var listed = (await ForwardingsAsync(child)).GetProperty("items")[0];
        Assert.Equal("与市级已有信息重复", listed.GetProperty("decisionComment").GetString());
        Assert.DoesNotContain(await _kit.OutboxRowsAsync(original.SubmissionId),
            r => r.Type == nameof(SubmissionAdopted) && r.Payload.GetProperty("level").GetString() == "parent-body");
    }

    [Fact]
    public async Task A_decision_claimed_by_a_tenant_the_item_was_not_forwarded_to_changes_nothing()
    {
        var (_, child) = await FamilyAsync();
        var original = await AdoptedCaseAsync(child);
        Assert.Equal(HttpStatusCode.OK, (await ForwardAsync(child, original.Id)).StatusCode);

        var claimed = await _kit.Feeder.PublishAsync(child, new ForwardedItemDecided(original.SubmissionId, ReviewKit.NewTenant(), "别的单位", true,
            DateOnly.FromDateTime(DateTime.UtcNow)));
        await _kit.Feeder.WaitConsumedAsync(claimed, ReviewKit.ConsumerGroup);

        Assert.Equal("forwarded", (await CaseJsonAsync(child, original.Id)).GetProperty("forwarding").GetProperty("status").GetString());
        Assert.DoesNotContain(await _kit.OutboxRowsAsync(original.SubmissionId),
            r => r.Type == nameof(SubmissionAdopted) && r.Payload.GetProperty("level").GetString() == "parent-body");
    }
}
