using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// PUT /submissions/{id}/authors: the ordered author list and the submitting unit of a draft or returned item; and
/// submitting checks every author, not only the lead. Every refusal leaves the row as it was.
/// </summary>
public sealed class AuthorsApiTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private static string AuthorsPath(Guid id) => $"{Drafts.Path}/{id}/authors";

    private static async Task<HttpResponseMessage> PutAuthorsAsync(HttpClient client, Guid id, object body, string? etag = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, AuthorsPath(id)) { Content = JsonContent.Create(body) };
        if (etag != "") request.Headers.TryAddWithoutValidation("If-Match", etag ?? await Drafts.ETagAsync(client, id));
        return await client.SendAsync(request);
    }

    private Task<string> RowAsync(Guid id) =>
        TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT row_to_json(s)::text FROM submissions s WHERE id = $1", id);

    private Task<int> DeactivateAsync(string tenant, Guid person) => TestDb.ScalarAsync<int>(factory.ConnectionString,
        "UPDATE directory_persons SET deactivated_at = now() WHERE tenant_id = $1 AND person_id = $2 RETURNING 1", tenant, person);

    private static Guid[] Authors(JsonElement item) => [.. item.GetProperty("authorPersonIds").EnumerateArray().Select(a => a.GetGuid())];

    [Fact]
    public async Task Staff_set_the_authors_in_order_and_the_unit_and_the_answer_carries_the_new_ETag()
    {
        var client = factory.ClientFor(Tenants.New());
        var (draft, oldTag) = await Drafts.CreateWithETagAsync(client);
        var id = draft.GetProperty("id").GetGuid();
        var (lead, second, third, unit) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var response = await PutAuthorsAsync(client, id, new { authorPersonIds = new[] { lead, second, third }, unitId = unit }, oldTag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answered = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([lead, second, third], Authors(answered));
        Assert.Equal(lead, answered.GetProperty("authorPersonId").GetGuid());
        Assert.Equal(unit, answered.GetProperty("unitId").GetGuid());
        Assert.Equal(1, answered.GetProperty("contentVersion").GetInt32()); // the text did not change
        var newTag = response.Headers.ETag!.ToString();
        Assert.NotEqual(oldTag, newTag);
        Assert.Equal(newTag, await Drafts.ETagAsync(client, id));
        var read = await Drafts.GetAsync(client, id);
        Assert.Equal([lead, second, third], Authors(read));
        Assert.Equal(unit, read.GetProperty("unitId").GetGuid());
    }

    [Fact]
    public async Task Submitting_sends_every_author_with_order_and_an_equal_share()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client);
        var (lead, second, third, unit) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        Assert.Equal(HttpStatusCode.OK, (await PutAuthorsAsync(client, id, new { authorPersonIds = new[] { lead, second, third }, unitId = unit })).StatusCode);

        await Drafts.SubmitAsync(client, id);

        var payload = JsonDocument.Parse(Assert.Single(await IntakeDb.OutboxForAsync(factory.ConnectionString, id)).Payload).RootElement;
        Assert.Equal(lead, payload.GetProperty("authorPersonId").GetGuid());
        Assert.Equal(unit, payload.GetProperty("unitId").GetGuid());
        var authors = payload.GetProperty("authors").EnumerateArray()
            .Select(a => (a.GetProperty("personId").GetGuid(), a.GetProperty("order").GetInt32(), a.GetProperty("share").GetDecimal())).ToList();
        Assert.Equal([(lead, 1, 0.3333m), (second, 2, 0.3333m), (third, 3, 0.3333m)], authors);
    }

    [Fact]
    public async Task A_member_adds_a_co_author_who_then_sees_the_item_too()
    {
        var tenant = Tenants.New();
        var (self, colleague) = (Guid.NewGuid(), Guid.NewGuid());
        var member = factory.ClientFor(tenant, ["member"], self);
        var draft = Drafts.New("合写的稿件", self);
        var id = await Drafts.CreateIdAsync(member, draft);

        // The member may even give the lead to the colleague, as long as he stays an author.
        var response = await PutAuthorsAsync(member, id, new { authorPersonIds = new[] { colleague, self }, unitId = draft["unitId"] });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seenByColleague = await Drafts.GetAsync(factory.ClientFor(tenant, ["member"], colleague), id);
        Assert.Equal([colleague, self], Authors(seenByColleague));
        Assert.Equal(colleague, seenByColleague.GetProperty("authorPersonId").GetGuid());
    }

    [Fact]
    public async Task A_member_cannot_remove_himself_and_nothing_changes()
    {
        var tenant = Tenants.New();
        var self = Guid.NewGuid();
        var member = factory.ClientFor(tenant, ["member"], self);
        var draft = Drafts.New("本人的稿件", self);
        var id = await Drafts.CreateIdAsync(member, draft);
        var before = await RowAsync(id);

        var response = await PutAuthorsAsync(member, id, new { authorPersonIds = new[] { Guid.NewGuid() }, unitId = draft["unitId"] });

        Assert.Equal("not-own", (await response.ReadProblemAsync(403)).GetProperty("code").GetString());
        Assert.Equal(before, await RowAsync(id));
    }

    [Fact]
    public async Task Another_member_and_a_read_only_partner_are_refused_and_nothing_changes()
    {
        var tenant = Tenants.New();
        var self = Guid.NewGuid();
        var draft = Drafts.New("本人的稿件", self);
        var id = await Drafts.CreateIdAsync(factory.ClientFor(tenant, ["member"], self), draft);
        var before = await RowAsync(id);
        var stranger = Guid.NewGuid();
        var body = new { authorPersonIds = new[] { stranger }, unitId = draft["unitId"] };
        var staffTag = await Drafts.ETagAsync(factory.ClientFor(tenant), id);

        var other = await PutAuthorsAsync(factory.ClientFor(tenant, ["member"], stranger), id, body, staffTag);
        var partner = await PutAuthorsAsync(factory.ClientWithToken(TestTokens.Create(tenant, ["partner"], scopes: ["intake.read"], clientId: "oa")),
            id, body, staffTag);

        Assert.Equal("not-found", (await other.ReadProblemAsync(404)).GetProperty("code").GetString());
        await partner.ReadProblemAsync(403);
        Assert.Equal(before, await RowAsync(id));
    }

    [Fact]
    public async Task Another_tenant_cannot_change_the_authors()
    {
        var (a, b) = (factory.ClientFor(Tenants.New()), factory.ClientFor(Tenants.New()));
        var id = await Drafts.CreateIdAsync(a);
        var before = await RowAsync(id);
        var tagOfA = await Drafts.ETagAsync(a, id);

        var response = await PutAuthorsAsync(b, id, new { authorPersonIds = new[] { Guid.NewGuid() }, unitId = Guid.NewGuid() }, tagOfA);

        Assert.Equal("not-found", (await response.ReadProblemAsync(404)).GetProperty("code").GetString());
        Assert.Equal(before, await RowAsync(id));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"authorPersonIds":[],"unitId":"6a0e64b4-4b8e-4f3e-9f0e-1c1d2e3f4a5b"}""", "authorPersonIds" },
        { """{"unitId":"6a0e64b4-4b8e-4f3e-9f0e-1c1d2e3f4a5b"}""", "authorPersonIds" },
        { """{"authorPersonIds":["11111111-1111-1111-1111-111111111111","11111111-1111-1111-1111-111111111111"],"unitId":"6a0e64b4-4b8e-4f3e-9f0e-1c1d2e3f4a5b"}""", "authorPersonIds[1]" },
        { """{"authorPersonIds":["11111111-1111-1111-1111-111111111111","00000000-0000-0000-0000-000000000000"],"unitId":"6a0e64b4-4b8e-4f3e-9f0e-1c1d2e3f4a5b"}""", "authorPersonIds[1]" },
        { """{"authorPersonIds":["11111111-1111-1111-1111-111111111111"]}""", "unitId" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_author_list_is_a_400_naming_the_field_and_nothing_changes(string body, string field)
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client);
        var before = await RowAsync(id);
        var request = new HttpRequestMessage(HttpMethod.Put, AuthorsPath(id)) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", await Drafts.ETagAsync(client, id));

        var problem = await (await client.SendAsync(request)).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"an error for {field}");
        Assert.Equal(before, await RowAsync(id));
    }

    [Fact]
    public async Task More_than_the_most_authors_is_refused()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client);
        var before = await RowAsync(id);

        var response = await PutAuthorsAsync(client, id, new
        {
            authorPersonIds = Enumerable.Range(0, Submission.MaxAuthors + 1).Select(_ => Guid.NewGuid()).ToArray(), unitId = Guid.NewGuid(),
        });

        Assert.True((await response.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("authorPersonIds", out _));
        Assert.Equal(before, await RowAsync(id));
    }

    [Fact]
    public async Task Unknown_inactive_or_other_tenants_persons_and_an_unknown_unit_are_named_by_position()
    {
        var tenant = Tenants.New();
        var (lead, unit, inactive, unknown, ofOther, otherUnit) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await factory.AnnounceAsync(tenant, lead, unit, "张明");
        await factory.AnnounceAsync(tenant, inactive, null, "李华");
        await DeactivateAsync(tenant, inactive);
        await factory.AnnounceAsync(Tenants.New(), ofOther, otherUnit, "外单位的人");
        var client = factory.UnannouncedClientFor(tenant);
        var id = await Drafts.CreateIdAsync(client, new { title = "稿件", body = "正文", authorPersonId = lead, unitId = unit });
        var before = await RowAsync(id);

        var response = await PutAuthorsAsync(client, id, new { authorPersonIds = new[] { lead, inactive, unknown, ofOther }, unitId = otherUnit });

        var errors = (await response.ReadProblemAsync(400)).GetProperty("errors");
        Assert.False(errors.TryGetProperty("authorPersonIds[0]", out _));
        Assert.Contains("李华", errors.GetProperty("authorPersonIds[1]")[0].GetString());
        Assert.Contains("已停用", errors.GetProperty("authorPersonIds[1]")[0].GetString());
        Assert.Contains("本单位没有这名人员", errors.GetProperty("authorPersonIds[2]")[0].GetString());
        Assert.Contains("本单位没有这名人员", errors.GetProperty("authorPersonIds[3]")[0].GetString());
        Assert.Contains("本单位没有这个报送单位", errors.GetProperty("unitId")[0].GetString());
        Assert.Equal(before, await RowAsync(id));
    }

    [Fact]
    public async Task A_stale_or_missing_If_Match_changes_nothing()
    {
        var client = factory.ClientFor(Tenants.New());
        var (draft, oldTag) = await Drafts.CreateWithETagAsync(client);
        var id = draft.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Drafts.PutAsync(client, id, new { title = "改过", body = "改过的正文" })).StatusCode);
        var before = await RowAsync(id);
        var body = new { authorPersonIds = new[] { Guid.NewGuid() }, unitId = Guid.NewGuid() };

        var stale = await PutAuthorsAsync(client, id, body, oldTag);
        var missing = await PutAuthorsAsync(client, id, body, etag: "");

        await stale.ReadProblemAsync(412);
        await missing.ReadProblemAsync(428);
        Assert.Equal(before, await RowAsync(id));
    }

    [Fact]
    public async Task A_submitted_item_keeps_its_authors()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateSubmittedAsync(client);
        var before = await RowAsync(id);

        var response = await PutAuthorsAsync(client, id, new { authorPersonIds = new[] { Guid.NewGuid() }, unitId = Guid.NewGuid() });

        Assert.Equal("invalid-state", (await response.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(before, await RowAsync(id));
    }

    [Fact]
    public async Task Submitting_refuses_an_item_whose_co_author_left_naming_that_person()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var id = await Drafts.CreateIdAsync(client);
        var (lead, co, unit) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await factory.AnnounceAsync(tenant, co, null, "王芳");
        Assert.Equal(HttpStatusCode.OK, (await PutAuthorsAsync(client, id, new { authorPersonIds = new[] { lead, co }, unitId = unit })).StatusCode);
        await DeactivateAsync(tenant, co);
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);

        var problem = await (await Drafts.PostSubmitAsync(client, id)).ReadProblemAsync(409);

        Assert.Equal("author-inactive", problem.GetProperty("code").GetString());
        Assert.Contains("王芳", problem.GetProperty("title").GetString());
        Assert.Contains(co.ToString(), problem.GetProperty("detail").GetString());
        Assert.Equal("draft", (await Drafts.GetAsync(client, id)).GetProperty("status").GetString());
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
    }

    [Fact]
    public async Task Submitting_refuses_an_item_whose_unit_closed()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var draft = Drafts.New();
        var id = await Drafts.CreateIdAsync(client, draft);
        await TestDb.ScalarAsync<int>(factory.ConnectionString,
            "UPDATE directory_units SET closed_at = now() WHERE tenant_id = $1 AND unit_id = $2 RETURNING 1", tenant, (Guid)draft["unitId"]!);

        var problem = await (await Drafts.PostSubmitAsync(client, id)).ReadProblemAsync(409);

        Assert.Equal("unit-closed", problem.GetProperty("code").GetString());
        Assert.Equal("draft", (await Drafts.GetAsync(client, id)).GetProperty("status").GetString());
    }
}
