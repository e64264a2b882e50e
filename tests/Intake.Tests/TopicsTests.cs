using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;
using static SheqingMinyi.Intake.Tests.SolicitationKit;

namespace SheqingMinyi.Intake.Tests;

/// <summary>选题: the office's topic list; a topic becomes one solicitation (linked both ways) or is dropped.</summary>
public sealed class TopicsTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private const string Topics = "/topics";
    private string Cs => factory.ConnectionString;

    private HttpClient Staff(string tenant) => factory.ClientFor(tenant, ["director"], Guid.NewGuid());

    private static object Topic(string title = "社区老年食堂的可持续运营", string source = "seminar") =>
        new { title, description = "选题研讨会提出：老年食堂亏损运营，难以为继。", source, sourceReference = "2026年第二次选题研讨会" };

    private static async Task<JsonElement> ProposeAsync(HttpClient client, object? topic = null)
    {
        var response = await client.PostAsJsonAsync(Topics, topic ?? Topic());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<HttpResponseMessage> SolicitAsync(HttpClient client, Guid id, object body, string? etag = null) =>
        PostWithETagAsync(client, $"{Topics}/{id}/solicit", $"{Topics}/{id}", body, etag);

    private static Task<HttpResponseMessage> DropAsync(HttpClient client, Guid id, string? etag = null) =>
        PostWithETagAsync(client, $"{Topics}/{id}/drop", $"{Topics}/{id}", etag: etag);

    private async Task<Guid> TargetAsync(string tenant)
    {
        var group = Guid.NewGuid();
        await UnitAsync(Cs, tenant, group);
        return group;
    }

    private static object Solicitation(Guid group, decimal? bonus = null) => new { targetUnitIds = new[] { group }, deadline = Day(Today.AddDays(14)), bonus };

    [Fact]
    public async Task The_office_proposes_lists_and_reads_topics()
    {
        var tenant = Tenants.New();
        var staff = Staff(tenant);

        var seminar = await ProposeAsync(staff);
        var leader = await ProposeAsync(factory.ClientFor(tenant, ["leader"], Guid.NewGuid()), Topic("关于河长制落实情况", "leader"));

        Assert.Equal("seminar", seminar.GetProperty("source").GetString());
        Assert.Equal("选题研讨", seminar.GetProperty("sourceName").GetString());
        Assert.Equal("2026年第二次选题研讨会", seminar.GetProperty("sourceReference").GetString());
        Assert.Equal("proposed", seminar.GetProperty("status").GetString());
        Assert.Equal("领导出题", leader.GetProperty("sourceName").GetString());
        var list = await staff.GetFromJsonAsync<JsonElement>(Topics);
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        var leaders = await staff.GetFromJsonAsync<JsonElement>($"{Topics}?source=leader");
        Assert.Equal([leader.GetProperty("id").GetGuid()], leaders.GetProperty("items").Ids());
        var one = await staff.GetAsync($"{Topics}/{seminar.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.NotNull(one.Headers.ETag);
    }

    [Theory]
    [InlineData(null, "seminar", "title")]
    [InlineData("选题", null, "source")]
    [InlineData("选题", "meeting", "source")]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_is_stored(string? title, string? source, string field)
    {
        var tenant = Tenants.New();

        var problem = await (await Staff(tenant).PostAsJsonAsync(Topics, new { title, source })).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await CountAsync(Cs, "topics", tenant));
        var bad = await (await Staff(tenant).GetAsync($"{Topics}?status=open")).ReadProblemAsync(400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task A_topic_becomes_one_solicitation_linked_both_ways()
    {
        var tenant = Tenants.New();
        var group = await TargetAsync(tenant);
        var staff = Staff(tenant);
        var topic = (await ProposeAsync(staff)).GetProperty("id").GetGuid();

        var response = await SolicitAsync(staff, topic, Solicitation(group, 10m));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var solicitation = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = solicitation.GetProperty("id").GetGuid();
        Assert.Equal(topic, solicitation.GetProperty("topicId").GetGuid());
        Assert.Equal("社区老年食堂的可持续运营", solicitation.GetProperty("title").GetString());
        Assert.Equal("选题研讨会提出：老年食堂亏损运营，难以为继。", solicitation.GetProperty("brief").GetString());
        Assert.Equal(10m, solicitation.GetProperty("bonus").GetDecimal());
        var read = await staff.GetFromJsonAsync<JsonElement>($"{Topics}/{topic}");
        Assert.Equal("solicited", read.GetProperty("status").GetString());
        Assert.Equal(id, read.GetProperty("solicitationId").GetGuid());
        Assert.Single(await TestDb.OutboxAsync(Cs, "payload->>'solicitationId' = $1 AND type = $2", id.ToString(), nameof(SolicitationIssued)));

        var twice = await (await SolicitAsync(staff, topic, Solicitation(group))).ReadProblemAsync(409);
        Assert.Equal("topic-not-proposed", twice.GetProperty("code").GetString());
        Assert.Equal(1, await CountAsync(Cs, "solicitations", tenant));
    }

    [Fact]
    public async Task Soliciting_with_bad_input_or_a_stale_ETag_changes_nothing()
    {
        var tenant = Tenants.New();
        var group = await TargetAsync(tenant);
        var staff = Staff(tenant);
        var topic = (await ProposeAsync(staff)).GetProperty("id").GetGuid();

        var noTargets = await (await SolicitAsync(staff, topic, new { deadline = Day(Today.AddDays(3)) })).ReadProblemAsync(400);
        Assert.True(noTargets.GetProperty("errors").TryGetProperty("targetUnitIds", out _));
        var past = await (await SolicitAsync(staff, topic, new { targetUnitIds = new[] { group }, deadline = Day(Today.AddDays(-3)) })).ReadProblemAsync(400);
        Assert.True(past.GetProperty("errors").TryGetProperty("deadline", out _));
        await (await SolicitAsync(staff, topic, Solicitation(group), "\"1\"")).ReadProblemAsync(412);
        await (await staff.PostAsJsonAsync($"{Topics}/{topic}/solicit", Solicitation(group))).ReadProblemAsync(428);

        Assert.Equal("proposed", (await staff.GetFromJsonAsync<JsonElement>($"{Topics}/{topic}")).GetProperty("status").GetString());
        Assert.Equal(0, await CountAsync(Cs, "solicitations", tenant));
    }

    [Fact]
    public async Task A_dropped_topic_cannot_be_solicited()
    {
        var tenant = Tenants.New();
        var group = await TargetAsync(tenant);
        var staff = Staff(tenant);
        var topic = (await ProposeAsync(staff)).GetProperty("id").GetGuid();

        var dropped = await DropAsync(staff, topic);

        Assert.Equal(HttpStatusCode.OK, dropped.StatusCode);
        Assert.Equal("dropped", (await dropped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await (await SolicitAsync(staff, topic, Solicitation(group))).ReadProblemAsync(409);
        await (await DropAsync(staff, topic)).ReadProblemAsync(409);
        Assert.Equal(0, await CountAsync(Cs, "solicitations", tenant));
    }

    [Fact]
    public async Task Members_and_partners_have_no_topic_list()
    {
        var tenant = Tenants.New();
        var topic = (await ProposeAsync(Staff(tenant))).GetProperty("id").GetGuid();
        var group = await TargetAsync(tenant);
        var member = factory.ClientFor(tenant, ["member", "officer"], Guid.NewGuid());
        var partner = factory.ClientWithToken(TestTokens.Create(tenant, ["partner"], scopes: ["intake.submit", "intake.read"], clientId: "oa"));

        foreach (var client in new[] { member, partner })
        {
            await (await client.GetAsync(Topics)).ReadProblemAsync(403);
            await (await client.GetAsync($"{Topics}/{topic}")).ReadProblemAsync(403);
            await (await client.PostAsJsonAsync(Topics, Topic())).ReadProblemAsync(403);
            await (await SolicitAsync(client, topic, Solicitation(group), "\"1\"")).ReadProblemAsync(403);
            await (await DropAsync(client, topic, "\"1\"")).ReadProblemAsync(403);
        }
        Assert.Equal(1, await CountAsync(Cs, "topics", tenant));
        Assert.Equal(0, await CountAsync(Cs, "solicitations", tenant));
    }

    [Fact]
    public async Task Another_tenant_cannot_see_solicit_or_drop_a_topic()
    {
        var (a, b) = (Tenants.New(), Tenants.New());
        var topic = (await ProposeAsync(Staff(a))).GetProperty("id").GetGuid();
        var groupB = await TargetAsync(b);
        var staffB = Staff(b);
        await ProposeAsync(staffB, Topic("B 的选题"));

        await (await staffB.GetAsync($"{Topics}/{topic}")).ReadProblemAsync(404);
        Assert.DoesNotContain(topic, (await staffB.GetFromJsonAsync<JsonElement>(Topics)).GetProperty("items").Ids());
        await (await SolicitAsync(staffB, topic, Solicitation(groupB), "\"1\"")).ReadProblemAsync(404);
        await (await DropAsync(staffB, topic, "\"1\"")).ReadProblemAsync(404);

        Assert.Equal("proposed", (await Staff(a).GetFromJsonAsync<JsonElement>($"{Topics}/{topic}")).GetProperty("status").GetString());
        Assert.Equal(0, await CountAsync(Cs, "solicitations", b));
    }
}
