using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using SheqingMinyi.IntegrationEvents;
using static SheqingMinyi.Intake.Tests.PublicationKit;

namespace SheqingMinyi.Intake.Tests;

/// <summary>金点子: submitted or adopted items flagged for 周周议/半月谈/月月研, once per item, and followed up.</summary>
public sealed class GoldenIdeasTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private Task<long> RowsAsync(string tenant) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM golden_ideas WHERE tenant_id = $1", tenant);

    private async Task<List<T>> EventsAsync<T>(Guid ideaId) =>
        [.. (await TestDb.OutboxAsync(factory.ConnectionString, "type = $1 AND payload->>'goldenIdeaId' = $2", typeof(T).Name, ideaId.ToString()))
            .Select(r => JsonSerializer.Deserialize<T>(r.Payload, JsonDefaults.Options)!)];

    [Fact]
    public async Task An_adopted_or_submitted_item_is_flagged_with_labels_and_an_event_naming_its_authors()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (zhang, li) = (Guid.NewGuid(), Guid.NewGuid());
        var adopted = await AdoptedAsync(factory, client, tenant, "关于加装电梯的建议", "正文", (zhang, "张明"), (li, "李华"));
        var submitted = await SubmittedAsync(factory, client, tenant);

        var first = await PostAsync(client, GoldenIdeas, new { submissionId = adopted, meeting = "weekly", meetingOn = "2026-12-07", note = "电梯加装经验可推广" });
        var body = await ReadAsync(first, HttpStatusCode.Created);
        var second = await ReadAsync(await PostAsync(client, GoldenIdeas, new { submissionId = submitted, meeting = "monthly", meetingOn = "2026-12-28" }), HttpStatusCode.Created);

        Assert.NotNull(first.Headers.ETag);
        Assert.Equal("关于加装电梯的建议", body.GetProperty("title").GetString());
        Assert.Equal("weekly", body.GetProperty("meeting").GetString());
        Assert.Equal("周周议", body.GetProperty("meetingLabel").GetString());
        Assert.Equal("proposed", body.GetProperty("status").GetString());
        Assert.Equal("已提出", body.GetProperty("statusLabel").GetString());
        Assert.Equal("月月研", second.GetProperty("meetingLabel").GetString());
        var e = Assert.Single(await EventsAsync<GoldenIdeaFlagged>(body.GetProperty("id").GetGuid()));
        Assert.Equal(adopted, e.SubmissionId);
        Assert.Equal("weekly", e.Meeting);
        Assert.Equal(new DateOnly(2026, 12, 7), e.MeetingOn);
        Assert.Equal([(zhang, 0.5m), (li, 0.5m)], e.Authors.Select(a => (a.PersonId, a.Share)));
        Assert.Single(e.Units);
        Assert.Equal(2, await RowsAsync(tenant));
    }

    [Fact]
    public async Task An_item_is_flagged_once_and_a_retry_with_its_key_answers_the_first()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var item = await AdoptedAsync(factory, client, tenant);
        var key = Guid.NewGuid().ToString();
        var request = new { submissionId = item, meeting = "half-monthly", meetingOn = "2026-12-15" };

        var first = await ReadAsync(await PostAsync(client, GoldenIdeas, request, key), HttpStatusCode.Created);
        var retried = await ReadAsync(await PostAsync(client, GoldenIdeas, request, key), HttpStatusCode.Created);
        var again = await (await PostAsync(client, GoldenIdeas, request)).ReadProblemAsync(409);

        Assert.Equal(first.GetProperty("id").GetGuid(), retried.GetProperty("id").GetGuid());
        Assert.Equal("半月谈", first.GetProperty("meetingLabel").GetString());
        Assert.Equal("golden-idea-exists", again.GetProperty("code").GetString());
        Assert.Equal(1, await RowsAsync(tenant));
    }

    [Fact]
    public async Task Bad_requests_are_400s_naming_the_field_and_nothing_is_flagged()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var item = await AdoptedAsync(factory, client, tenant);
        var draft = await Drafts.CreateIdAsync(client);

        async Task AssertFieldAsync(object request, string field)
        {
            var problem = await (await PostAsync(client, GoldenIdeas, request)).ReadProblemAsync(400);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        await AssertFieldAsync(new { meeting = "weekly", meetingOn = "2026-12-07" }, "submissionId");
        await AssertFieldAsync(new { submissionId = item, meeting = "daily", meetingOn = "2026-12-07" }, "meeting");
        await AssertFieldAsync(new { submissionId = item, meetingOn = "2026-12-07" }, "meeting");
        await AssertFieldAsync(new { submissionId = item, meeting = "weekly" }, "meetingOn");
        await AssertFieldAsync(new { submissionId = item, meeting = "weekly", meetingOn = "2026-12-07", note = new string('意', 501) }, "note");
        await AssertFieldAsync(new { submissionId = draft, meeting = "weekly", meetingOn = "2026-12-07" }, "submissionId");
        await AssertFieldAsync(new { submissionId = Guid.NewGuid(), meeting = "weekly", meetingOn = "2026-12-07" }, "submissionId");
        Assert.Equal(0, await RowsAsync(tenant));
    }

    [Fact]
    public async Task A_follow_up_needs_the_current_ETag_sets_the_status_and_raises_its_event()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var author = Guid.NewGuid();
        var item = await AdoptedAsync(factory, client, tenant, authors: [(author, "王芳")]);
        var id = (await ReadAsync(await PostAsync(client, GoldenIdeas, new { submissionId = item, meeting = "weekly", meetingOn = "2026-12-07" }), HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var path = $"{GoldenIdeas}/{id}";
        var stale = await ETagAsync(client, path);

        var following = await ReadAsync(await PutAsync(client, $"{path}/follow-up", new { status = "following", note = "已转区住建委" }, stale));
        var old = await PutAsync(client, $"{path}/follow-up", new { status = "closed" }, stale);
        var without = await PutAsync(client, $"{path}/follow-up", new { status = "closed" }, null);
        var bad = await (await PutAsync(client, $"{path}/follow-up", new { status = "done" }, await ETagAsync(client, path))).ReadProblemAsync(400);
        var implemented = await ReadAsync(await PutAsync(client, $"{path}/follow-up", new { status = "implemented" }, await ETagAsync(client, path)));

        Assert.Equal("跟进中", following.GetProperty("statusLabel").GetString());
        Assert.Equal("已转区住建委", following.GetProperty("followUpNote").GetString());
        await old.ReadProblemAsync(412);
        await without.ReadProblemAsync(428);
        Assert.True(bad.GetProperty("errors").TryGetProperty("status", out _));
        Assert.Equal("已落实", implemented.GetProperty("statusLabel").GetString());
        var events = await EventsAsync<GoldenIdeaFollowedUp>(id);
        Assert.Equal(["following", "implemented"], events.Select(e => e.Status));
        Assert.Equal([2, 3], events.Select(e => e.Version));
        Assert.All(events, e => Assert.Equal(author, Assert.Single(e.Authors).PersonId));
    }

    [Fact]
    public async Task The_list_is_paged_and_filters_by_follow_up_status()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var one = await SubmittedAsync(factory, client, tenant);
        var two = await SubmittedAsync(factory, client, tenant);
        var a = (await ReadAsync(await PostAsync(client, GoldenIdeas, new { submissionId = one, meeting = "weekly", meetingOn = "2026-12-07" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var b = (await ReadAsync(await PostAsync(client, GoldenIdeas, new { submissionId = two, meeting = "monthly", meetingOn = "2026-12-28" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await ReadAsync(await PutAsync(client, $"{GoldenIdeas}/{a}/follow-up", new { status = "following" }, await ETagAsync(client, $"{GoldenIdeas}/{a}")));

        var all = await client.GetFromJsonAsync<JsonElement>(GoldenIdeas);
        var following = await client.GetFromJsonAsync<JsonElement>($"{GoldenIdeas}?status=following");
        var bad = await (await client.GetAsync($"{GoldenIdeas}?status=late")).ReadProblemAsync(400);

        Assert.Equal([b, a], ItemIds(all.GetProperty("items"), "id"));
        Assert.Equal(2, all.GetProperty("total").GetInt32());
        Assert.Equal([a], ItemIds(following.GetProperty("items"), "id"));
        Assert.True(bad.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task Members_and_officers_neither_flag_nor_read_golden_ideas(string role)
    {
        var tenant = Tenants.New();
        var office = factory.ClientFor(tenant);
        var item = await SubmittedAsync(factory, office, tenant);
        var id = (await ReadAsync(await PostAsync(office, GoldenIdeas, new { submissionId = item, meeting = "weekly", meetingOn = "2026-12-07" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var person = factory.ClientFor(tenant, [role], Guid.NewGuid());
        var etag = await ETagAsync(office, $"{GoldenIdeas}/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(person, GoldenIdeas, new { submissionId = item, meeting = "weekly", meetingOn = "2026-12-07" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync(GoldenIdeas)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync($"{GoldenIdeas}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(person, $"{GoldenIdeas}/{id}/follow-up", new { status = "closed" }, etag)).StatusCode);
        Assert.Equal("proposed", (await office.GetFromJsonAsync<JsonElement>($"{GoldenIdeas}/{id}")).GetProperty("status").GetString());
    }
}
