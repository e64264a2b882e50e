using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.People.Tests;

/// <summary>推荐: proposed → accepted | declined, with the date and note of the decision, decided once.</summary>
public sealed class RecommendationsApiTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private async Task<(HttpClient Client, Guid Talent)> TalentAsync(string? tenant = null)
    {
        var client = factory.ClientFor(tenant ?? Tenants.New());
        var visit = await TalentKit.VisitAsync(client, await TalentKit.PersonAsync(client, "王芳"), TalentKit.External("李教授", "经济"));
        return (client, TalentKit.TalentId(visit));
    }

    [Fact]
    public async Task A_recommendation_is_proposed_then_accepted_with_its_date_and_note()
    {
        var (client, talent) = await TalentAsync();

        var proposed = await TalentKit.RecommendAsync(client, talent, "party-centre-project");
        var id = proposed.GetProperty("id").GetGuid();
        var (_, etag) = await TalentKit.ReadAsync(client, $"/talent/recommendations/{id}");
        var accepted = await TalentKit.PostAsync(client, $"/talent/recommendations/{id}/accept", new { date = "2026-11-25", note = "已入选" }, etag).OkAsync();

        Assert.Equal(("proposed", "party-centre-project", talent), (proposed.GetProperty("status").GetString(),
            proposed.GetProperty("target").GetString(), proposed.GetProperty("talentId").GetGuid()));
        var (read, _) = await TalentKit.ReadAsync(client, $"/talent/recommendations/{id}");
        Assert.Equal(("accepted", "2026-11-25", "已入选"), (read.GetProperty("status").GetString(),
            read.GetProperty("decidedOn").GetString(), read.GetProperty("decisionNote").GetString()));
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_second_decision_is_a_409_and_changes_nothing()
    {
        var (client, talent) = await TalentAsync();
        var id = (await TalentKit.RecommendAsync(client, talent)).GetProperty("id").GetGuid();
        var (_, etag) = await TalentKit.ReadAsync(client, $"/talent/recommendations/{id}");
        await TalentKit.PostAsync(client, $"/talent/recommendations/{id}/decline", new { date = "2026-11-25", note = "名额已满" }, etag).OkAsync();
        var (_, current) = await TalentKit.ReadAsync(client, $"/talent/recommendations/{id}");

        var again = await TalentKit.PostAsync(client, $"/talent/recommendations/{id}/accept", new { date = "2026-11-26" }, current);
        var stale = await TalentKit.PostAsync(client, $"/talent/recommendations/{id}/accept", new { date = "2026-11-26" }, etag);

        Assert.Equal("recommendation-decided", (await again.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(412, (int)stale.StatusCode);
        var (read, _) = await TalentKit.ReadAsync(client, $"/talent/recommendations/{id}");
        Assert.Equal(("declined", "2026-11-25", "名额已满"), (read.GetProperty("status").GetString(),
            read.GetProperty("decidedOn").GetString(), read.GetProperty("decisionNote").GetString()));
    }

    [Theory]
    [InlineData("think-tank-x", true, "target")]
    [InlineData(null, true, "target")]
    [InlineData("think-tank", false, "talentId")]
    public async Task A_bad_recommendation_is_a_400_and_adds_nothing(string? target, bool knownTalent, string field)
    {
        var (client, talent) = await TalentAsync();
        var before = await TalentKit.CountsAsync(factory.ConnectionString);

        var response = await client.PostAsJsonAsync("/talent/recommendations", new { talentId = knownTalent ? talent : Guid.NewGuid(), target });

        Assert.True((await response.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, await TalentKit.CountsAsync(factory.ConnectionString));
    }

    [Fact]
    public async Task A_decision_without_a_date_is_a_400_and_leaves_it_proposed()
    {
        var (client, talent) = await TalentAsync();
        var id = (await TalentKit.RecommendAsync(client, talent)).GetProperty("id").GetGuid();
        var (_, etag) = await TalentKit.ReadAsync(client, $"/talent/recommendations/{id}");

        var response = await TalentKit.PostAsync(client, $"/talent/recommendations/{id}/accept", new { note = "无日期" }, etag);

        Assert.True((await response.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("date", out _));
        Assert.Equal("proposed", (await TalentKit.ReadAsync(client, $"/talent/recommendations/{id}")).Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_list_filters_by_status_target_and_talent()
    {
        var (client, talent) = await TalentAsync();
        var other = TalentKit.TalentId(await TalentKit.VisitAsync(client, await TalentKit.PersonAsync(client, "赵强"), TalentKit.External("钱博士")));
        var a = (await TalentKit.RecommendAsync(client, talent, "think-tank")).GetProperty("id").GetGuid();
        var b = (await TalentKit.RecommendAsync(client, talent, "special-committee")).GetProperty("id").GetGuid();
        var c = (await TalentKit.RecommendAsync(client, other, "think-tank")).GetProperty("id").GetGuid();
        var (_, etag) = await TalentKit.ReadAsync(client, $"/talent/recommendations/{b}");
        await TalentKit.PostAsync(client, $"/talent/recommendations/{b}/accept", new { date = "2026-11-25" }, etag).OkAsync();

        Assert.Equal([c, a], TalentKit.Ids(await client.GetFromJsonAsync<JsonElement>("/talent/recommendations?target=think-tank")));
        Assert.Equal([b], TalentKit.Ids(await client.GetFromJsonAsync<JsonElement>("/talent/recommendations?status=accepted")));
        Assert.Equal([b, a], TalentKit.Ids(await client.GetFromJsonAsync<JsonElement>($"/talent/recommendations?talentId={talent}")));
        Assert.Equal(3, (await client.GetFromJsonAsync<JsonElement>("/talent/recommendations")).GetProperty("total").GetInt32());
        Assert.Equal(400, (int)(await client.GetAsync("/talent/recommendations?status=maybe")).StatusCode);
    }

    [Fact]
    public async Task Staff_editors_read_but_may_not_decide()
    {
        var tenant = Tenants.New();
        var (client, talent) = await TalentAsync(tenant);
        var id = (await TalentKit.RecommendAsync(client, talent)).GetProperty("id").GetGuid();
        var editor = factory.ClientFor(tenant, ["staff-editor"]);
        var (_, etag) = await TalentKit.ReadAsync(editor, $"/talent/recommendations/{id}");

        var decided = await TalentKit.PostAsync(editor, $"/talent/recommendations/{id}/accept", new { date = "2026-11-25" }, etag);

        Assert.Equal(HttpStatusCode.Forbidden, decided.StatusCode);
        Assert.Equal("proposed", (await TalentKit.ReadAsync(client, $"/talent/recommendations/{id}")).Body.GetProperty("status").GetString());
    }

}
