using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// 线索收件箱: the member the clue was sent to reads it, converts it into a draft (provenance: channel clue and the
/// clue's id; ClueConverted in the outbox with the draft) or dismisses it, once. Nobody else sees or handles it.
/// </summary>
public sealed class ClueInboxTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private sealed record Member(string Tenant, Guid PersonId, Guid UnitId, HttpClient Client);

    /// <summary>A member announced with a main unit, as people's PersonRegistered would have.</summary>
    private async Task<Member> MemberAsync(string? tenant = null, Guid? personId = null)
    {
        tenant ??= Tenants.New();
        var person = personId ?? Guid.NewGuid();
        var unit = Guid.NewGuid();
        await factory.AnnounceAsync(tenant, person, unit, "王委员");
        await TestDb.ScalarAsync<int>(factory.ConnectionString,
            "UPDATE directory_persons SET unit_id = $1 WHERE tenant_id = $2 AND person_id = $3 RETURNING 1", unit, tenant, person);
        return new(tenant, person, unit, factory.ClientFor(tenant, ["member"], person));
    }

    /// <summary>A clue as ClueSentHandler keeps it (written as the owner, to keep these tests off the streams).</summary>
    private Task<Guid> ClueAsync(Member member, string text = "小区门口路灯坏了，晚上出行不便") => ClueAsync(member.Tenant, member.PersonId, text);

    private async Task<Guid> ClueAsync(string tenant, Guid personId, string text)
    {
        var id = Guid.NewGuid();
        await TestDb.ScalarAsync<int>(factory.ConnectionString,
            "INSERT INTO clues (id, tenant_id, person_id, text, contact, sent_at, received_at) VALUES ($1, $2, $3, $4, '13800000000', now(), now()) RETURNING 1",
            id, tenant, personId, text);
        return id;
    }

    private static Task<HttpResponseMessage> ConvertAsync(HttpClient client, Guid clueId, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/clues/{clueId}/convert") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> DismissAsync(HttpClient client, Guid clueId, string? reason = null) =>
        client.PostAsJsonAsync($"/clues/{clueId}/dismiss", new { reason });

    private async Task<JsonElement> GetClueAsync(HttpClient client, Guid clueId)
    {
        var response = await client.GetAsync($"/clues/{clueId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<string> StatusOfAsync(Guid clueId) =>
        TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT status FROM clues WHERE id = $1", clueId);

    private Task<long> SubmissionsOfAsync(string tenant) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM submissions WHERE tenant_id = $1", tenant);

    private Task<long> OutboxOfAsync(string tenant) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM outbox_messages WHERE tenant_id = $1", tenant);

    private static Guid[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    [Fact]
    public async Task A_clue_from_the_card_becomes_a_draft_with_its_provenance_and_ClueConverted_leaves_with_it()
    {
        var member = await MemberAsync();
        var sent = new ClueSent(Guid.NewGuid(), member.PersonId, "河道边堆放建筑垃圾，影响居民出行", "13900000000", DateTimeOffset.UtcNow);
        await EventStreams.PublishAsync(factory.RedisPrefix, Guid.NewGuid(), member.Tenant, sent);
        var listed = await Eventually.GetAsync(() => member.Client.GetFromJsonAsync<JsonElement>("/clues?status=new"),
            page => page.GetProperty("total").GetInt32() == 1, what: "the clue in the inbox");
        Assert.Equal("new", listed.GetProperty("items")[0].GetProperty("status").GetString());

        var response = await ConvertAsync(member.Client, sent.ClueId, new { title = "关于清理河道建筑垃圾的建议" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var draft = body.GetProperty("submission");
        var draftId = draft.GetProperty("id").GetGuid();
        Assert.Equal($"/submissions/{draftId}", response.Headers.Location?.OriginalString);
        Assert.Equal("关于清理河道建筑垃圾的建议", draft.GetProperty("title").GetString());
        Assert.Equal(sent.Text, draft.GetProperty("body").GetString()); // the clue's text by default
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.Equal("situation-report", draft.GetProperty("type").GetString());
        Assert.Equal([member.PersonId], draft.GetProperty("authorPersonIds").EnumerateArray().Select(a => a.GetGuid()));
        Assert.Equal(member.UnitId, draft.GetProperty("unitId").GetGuid()); // the member's main unit
        var provenance = draft.GetProperty("provenance");
        Assert.Equal("clue", provenance.GetProperty("channel").GetString());
        Assert.Equal("委员数字名片", provenance.GetProperty("channelName").GetString());
        Assert.Equal(sent.ClueId, provenance.GetProperty("clueId").GetGuid());
        Assert.Equal("converted", body.GetProperty("clue").GetProperty("status").GetString());

        var clue = await GetClueAsync(member.Client, sent.ClueId);
        Assert.Equal("converted", clue.GetProperty("status").GetString());
        Assert.Equal(draftId, clue.GetProperty("submissionId").GetGuid());
        Assert.NotEqual(JsonValueKind.Null, clue.GetProperty("convertedAt").ValueKind);
        var stored = await Drafts.GetAsync(member.Client, draftId);
        Assert.Equal(sent.ClueId, stored.GetProperty("provenance").GetProperty("clueId").GetGuid());
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM submission_versions WHERE submission_id = $1", draftId));

        var events = await TestDb.OutboxAsync(factory.ConnectionString, "type = $1 AND payload->>'clueId' = $2", nameof(ClueConverted), sent.ClueId.ToString());
        var converted = Assert.Single(events);
        Assert.Equal(member.Tenant, converted.TenantId);
        var payload = JsonDocument.Parse(converted.Payload).RootElement;
        Assert.Equal(draftId, payload.GetProperty("submissionId").GetGuid());
        Assert.Equal(member.PersonId, payload.GetProperty("personId").GetGuid());

        Assert.Equal(0, (await member.Client.GetFromJsonAsync<JsonElement>("/clues?status=new")).GetProperty("total").GetInt32());
        Assert.Equal([sent.ClueId], Ids(await member.Client.GetFromJsonAsync<JsonElement>("/clues?status=converted")));
        Assert.Equal([sent.ClueId], Ids(await member.Client.GetFromJsonAsync<JsonElement>("/clues")));
    }

    [Fact]
    public async Task Convert_takes_the_fields_of_a_new_draft()
    {
        var member = await MemberAsync();
        var coAuthor = Guid.NewGuid();
        var otherUnit = Guid.NewGuid();
        await factory.AnnounceAsync(member.Tenant, coAuthor, otherUnit, "李委员");
        var clueId = await ClueAsync(member);
        var solicitation = await SolicitationKit.IssueIdAsync(factory.ClientFor(member.Tenant), SolicitationKit.New(persons: [member.PersonId]));

        var response = await ConvertAsync(member.Client, clueId, new
        {
            title = "关于改善社区照明的建议", body = "经调查，社区路灯损坏较多……", type = "work-suggestion",
            coAuthorPersonIds = new[] { coAuthor }, unitId = otherUnit, solicitationId = solicitation,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var draft = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submission");
        Assert.Equal("经调查，社区路灯损坏较多……", draft.GetProperty("body").GetString());
        Assert.Equal("work-suggestion", draft.GetProperty("type").GetString());
        Assert.Equal([member.PersonId, coAuthor], draft.GetProperty("authorPersonIds").EnumerateArray().Select(a => a.GetGuid()));
        Assert.Equal(otherUnit, draft.GetProperty("unitId").GetGuid());
        Assert.Equal(solicitation, draft.GetProperty("solicitationId").GetGuid());
        Assert.Equal("clue", draft.GetProperty("provenance").GetProperty("channel").GetString());
        Assert.Equal("Converted", await StatusOfAsync(clueId));
    }

    [Fact]
    public async Task Converting_twice_or_converting_a_dismissed_clue_is_a_409_and_changes_nothing()
    {
        var member = await MemberAsync();
        var converted = await ClueAsync(member);
        var dismissed = await ClueAsync(member, "另一条线索");
        Assert.Equal(HttpStatusCode.Created, (await ConvertAsync(member.Client, converted, new { title = "第一次" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DismissAsync(member.Client, dismissed, "与本人履职无关")).StatusCode);
        var submissions = await SubmissionsOfAsync(member.Tenant);
        var outbox = await OutboxOfAsync(member.Tenant);

        var again = await ConvertAsync(member.Client, converted, new { title = "第二次" });
        var ofDismissed = await ConvertAsync(member.Client, dismissed, new { title = "忽略后再转" });
        var dismissConverted = await DismissAsync(member.Client, converted);

        Assert.Equal("clue-converted", (await again.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal("clue-dismissed", (await ofDismissed.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal("clue-converted", (await dismissConverted.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(submissions, await SubmissionsOfAsync(member.Tenant));
        Assert.Equal(outbox, await OutboxOfAsync(member.Tenant));
        Assert.Equal("Converted", await StatusOfAsync(converted));
        Assert.Equal("Dismissed", await StatusOfAsync(dismissed));
    }

    [Fact]
    public async Task Dismissing_keeps_when_and_why_and_a_repeat_answers_the_same_clue()
    {
        var member = await MemberAsync();
        var clueId = await ClueAsync(member);
        var kept = await ClueAsync(member, "保留的线索");
        var outbox = await OutboxOfAsync(member.Tenant);

        var response = await DismissAsync(member.Client, clueId, "  重复反映  ");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var first = await response.Content.ReadFromJsonAsync<JsonElement>();
        var repeat = await DismissAsync(member.Client, clueId, "另一个理由");
        var noBody = await member.Client.PostAsync($"/clues/{kept}/dismiss", null);

        Assert.Equal("dismissed", first.GetProperty("status").GetString());
        Assert.Equal("重复反映", first.GetProperty("dismissReason").GetString());
        Assert.NotEqual(JsonValueKind.Null, first.GetProperty("dismissedAt").ValueKind);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var second = await repeat.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("重复反映", second.GetProperty("dismissReason").GetString()); // the first dismissal stands
        Assert.Equal(first.GetProperty("dismissedAt").GetDateTimeOffset().ToUnixTimeMilliseconds(), second.GetProperty("dismissedAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(HttpStatusCode.OK, noBody.StatusCode); // the reason is optional
        var withoutReason = await GetClueAsync(member.Client, kept);
        Assert.Equal("dismissed", withoutReason.GetProperty("status").GetString());
        Assert.False(withoutReason.TryGetProperty("dismissReason", out var reason) && reason.ValueKind != JsonValueKind.Null);
        Assert.Equal(outbox, await OutboxOfAsync(member.Tenant)); // a dismissal tells no other service
        Assert.Equal(0, await SubmissionsOfAsync(member.Tenant));
        var ids = Ids(await member.Client.GetFromJsonAsync<JsonElement>("/clues?status=dismissed"));
        Assert.Equal(2, ids.Length);
        Assert.Contains(clueId, ids);
    }

    public static TheoryData<string, string> BadConversions => new()
    {
        { """{"title":""}""", "title" },
        { $$"""{"title":"{{new string('题', 201)}}"}""", "title" },
        { """{"title":"标题","type":"poem"}""", "type" },
        { $$"""{"title":"标题","coAuthorPersonIds":["{{Guid.NewGuid()}}"]}""", "coAuthorPersonIds[0]" },
        { $$"""{"title":"标题","unitId":"{{Guid.NewGuid()}}"}""", "unitId" },
        { $$"""{"title":"标题","body":"{{new string('文', 20_001)}}"}""", "body" },
        { $$"""{"title":"标题","solicitationId":"{{Guid.NewGuid()}}"}""", "solicitationId" },
    };

    [Theory]
    [MemberData(nameof(BadConversions))]
    public async Task A_bad_conversion_is_a_400_naming_the_field_and_the_clue_stays_new(string body, string field)
    {
        var member = await MemberAsync();
        var clueId = await ClueAsync(member);
        // Unannounced: the unit or co-author the body names is not in the directory.
        var client = factory.UnannouncedClientFor(member.Tenant, ["member"], member.PersonId);

        var response = await client.PostAsync($"/clues/{clueId}/convert", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal("New", await StatusOfAsync(clueId));
        Assert.Equal(0, await SubmissionsOfAsync(member.Tenant));
        Assert.Equal(0, await OutboxOfAsync(member.Tenant));
    }

    [Fact]
    public async Task Without_a_main_unit_in_the_directory_the_unit_is_required()
    {
        var tenant = Tenants.New();
        var person = Guid.NewGuid();
        await factory.AnnounceAsync(tenant, person, null); // registered without a unit
        var clueId = await ClueAsync(tenant, person, "线索");
        var client = factory.ClientFor(tenant, ["member"], person);

        var problem = await (await ConvertAsync(client, clueId, new { title = "标题" })).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("unitId", out _), problem.ToString());
        Assert.Equal("New", await StatusOfAsync(clueId));
        var unit = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await ConvertAsync(client, clueId, new { title = "标题", unitId = unit })).StatusCode);
    }

    [Fact]
    public async Task Bad_dismissals_and_filters_are_400s_and_change_nothing()
    {
        var member = await MemberAsync();
        var clueId = await ClueAsync(member);

        var longReason = await DismissAsync(member.Client, clueId, new string('因', 501));
        var badStatus = await member.Client.GetAsync("/clues?status=read");

        Assert.True((await longReason.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.True((await badStatus.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("status", out _));
        Assert.Equal("New", await StatusOfAsync(clueId));
    }

    [Fact]
    public async Task Another_persons_clue_is_not_found_and_partners_are_refused()
    {
        var member = await MemberAsync();
        var clueId = await ClueAsync(member);
        var other = await MemberAsync(member.Tenant);
        var staff = factory.ClientFor(member.Tenant, null, Guid.NewGuid()); // whole-tenant staff, but not the recipient
        var partner = factory.ClientFor(member.Tenant, ["partner"], scopes: ["intake.read", "intake.submit"]);

        foreach (var client in new[] { other.Client, staff })
        {
            Assert.Equal("not-found", (await (await client.GetAsync($"/clues/{clueId}")).ReadProblemAsync(404)).GetProperty("code").GetString());
            await (await ConvertAsync(client, clueId, new { title = "占为己有" })).ReadProblemAsync(404);
            await (await DismissAsync(client, clueId)).ReadProblemAsync(404);
        }
        Assert.Equal("not-a-person", (await (await partner.GetAsync($"/clues/{clueId}")).ReadProblemAsync(403)).GetProperty("code").GetString());
        await (await ConvertAsync(partner, clueId, new { title = "合作系统" })).ReadProblemAsync(403);
        await (await DismissAsync(partner, clueId)).ReadProblemAsync(403);
        await (await factory.ClientFor(member.Tenant, ["platform-operator"], Guid.NewGuid()).PostAsJsonAsync($"/clues/{clueId}/dismiss", new { })).ReadProblemAsync(403);

        Assert.Equal("New", await StatusOfAsync(clueId));
        Assert.Equal(0, await SubmissionsOfAsync(member.Tenant));
        Assert.Equal("new", (await GetClueAsync(member.Client, clueId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Another_tenant_cannot_read_convert_or_dismiss_the_clue_even_with_the_same_person_id()
    {
        var member = await MemberAsync();
        var clueId = await ClueAsync(member);
        var intruder = await MemberAsync(Tenants.New(), member.PersonId);

        await (await intruder.Client.GetAsync($"/clues/{clueId}")).ReadProblemAsync(404);
        await (await ConvertAsync(intruder.Client, clueId, new { title = "跨租户" })).ReadProblemAsync(404);
        await (await DismissAsync(intruder.Client, clueId, "跨租户")).ReadProblemAsync(404);
        Assert.Equal(0, (await intruder.Client.GetFromJsonAsync<JsonElement>("/clues")).GetProperty("total").GetInt32());

        Assert.Equal("New", await StatusOfAsync(clueId));
        Assert.Equal(0, await SubmissionsOfAsync(intruder.Tenant));
        Assert.Equal(0, await SubmissionsOfAsync(member.Tenant));
        Assert.Equal(0, await OutboxOfAsync(intruder.Tenant));
    }

    [Fact]
    public async Task A_conversion_retried_with_its_Idempotency_Key_gets_the_same_draft_once()
    {
        var member = await MemberAsync();
        var clueId = await ClueAsync(member);
        var key = Guid.NewGuid().ToString();

        var first = await ConvertAsync(member.Client, clueId, new { title = "关于路灯的建议" }, key);
        var retry = await ConvertAsync(member.Client, clueId, new { title = "关于路灯的建议" }, key);
        var otherBody = await ConvertAsync(member.Client, clueId, new { title = "另一个标题" }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submission").GetProperty("id").GetGuid();
        Assert.Equal(id, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submission").GetProperty("id").GetGuid());
        Assert.Equal("idempotency-key-reused", (await otherBody.ReadProblemAsync(422)).GetProperty("code").GetString());
        Assert.Equal(1, await SubmissionsOfAsync(member.Tenant));
        Assert.Single(await TestDb.OutboxAsync(factory.ConnectionString, "type = $1 AND payload->>'clueId' = $2", nameof(ClueConverted), clueId.ToString()));
    }
}
