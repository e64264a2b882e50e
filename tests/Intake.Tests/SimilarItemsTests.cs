using System.Net;
using System.Text.Json;
using SheqingMinyi.Tests;
using static SheqingMinyi.Intake.Tests.SearchData;

namespace SheqingMinyi.Intake.Tests;

/// <summary>疑似重复: near-duplicates found when an item is submitted, and GET /submissions/{id}/similar.</summary>
public sealed class SimilarItemsTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private static JsonElement[] Items(JsonElement similar) => [.. similar.GetProperty("items").EnumerateArray()];

    private static Guid[] SimilarIds(JsonElement similar) => [.. Items(similar).Select(i => i.GetProperty("id").GetGuid())];

    private Task<long> StoredAsync(Guid id) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM similar_items WHERE submission_id = $1", id);

    [Fact]
    public async Task A_near_duplicate_is_scored_above_the_threshold_and_unrelated_items_are_absent()
    {
        var client = factory.ClientFor(Tenants.New());
        var original = await SubmittedAsync(client, Canteen);
        var sameTopic = await SubmittedAsync(client, MealAid);
        var unrelated = await SubmittedAsync(client, Elevator);
        var news = await SubmittedAsync(client, CanteenNews);

        var copy = await SubmittedAsync(client, CanteenEdited);
        var similar = await SimilarAsync(client, copy);

        var match = Assert.Single(Items(similar));
        Assert.Equal(original, match.GetProperty("id").GetGuid());
        Assert.Equal(Canteen.Title, match.GetProperty("title").GetString());
        Assert.Equal("submitted", match.GetProperty("status").GetString());
        Assert.True(match.TryGetProperty("submittedAt", out _));
        var score = match.GetProperty("score").GetDecimal();
        Assert.InRange(score, 0.6m, 0.9m); // measured: about 0.72
        Assert.Equal(0.3, similar.GetProperty("threshold").GetDouble());
        Assert.Equal(copy, similar.GetProperty("submissionId").GetGuid());
        foreach (var absent in new[] { sameTopic, unrelated, news, copy }) Assert.DoesNotContain(absent, SimilarIds(similar));
        Assert.Equal(1, await StoredAsync(copy));
        // The earlier items were compared with what came before them, not with later ones.
        Assert.Empty(Items(await SimilarAsync(client, original)));
    }

    [Fact]
    public async Task Matches_are_listed_highest_score_first()
    {
        var client = factory.ClientFor(Tenants.New());
        var edited = await SubmittedAsync(client, CanteenEdited);
        var original = await SubmittedAsync(client, Canteen);

        var exact = await SubmittedAsync(client, Canteen);
        var similar = await SimilarAsync(client, exact);

        Assert.Equal([original, edited], SimilarIds(similar));
        var scores = Items(similar).Select(i => i.GetProperty("score").GetDecimal()).ToArray();
        Assert.Equal(1.000m, scores[0]);
        Assert.True(scores[1] is >= 0.3m and < 1m, $"{scores[1]}");
    }

    [Fact]
    public async Task Drafts_are_not_compared_and_an_item_not_yet_submitted_has_no_matches()
    {
        var client = factory.ClientFor(Tenants.New());
        var draft = await DraftAsync(client, Canteen);

        var copy = await SubmittedAsync(client, CanteenEdited);

        Assert.Empty(Items(await SimilarAsync(client, copy)));
        var none = await SimilarAsync(client, draft);
        Assert.Empty(Items(none));
        Assert.False(none.TryGetProperty("computedAt", out _));
    }

    /// <summary>A returned item is rewritten and submitted again: its matches are those of the new text.</summary>
    [Fact]
    public async Task Resubmission_recomputes_the_matches()
    {
        var client = factory.ClientFor(Tenants.New());
        var canteen = await SubmittedAsync(client, Canteen);
        var water = await SubmittedAsync(client, Water);
        var item = await SubmittedAsync(client, CanteenEdited);
        Assert.Equal([canteen], SimilarIds(await SimilarAsync(client, item)));

        // Review returned it (what the review outcome would do), and the writer rewrote it.
        await ExecuteAsync(factory, "UPDATE submissions SET status = 'Returned' WHERE id = $1", item);
        var edited = await Drafts.PutAsync(client, item, new { title = Water.Title, body = Water.Body + "建议尽快落实。" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        await Drafts.SubmitAsync(client, item);

        var similar = await SimilarAsync(client, item);
        Assert.Equal([water], SimilarIds(similar));
        Assert.Equal(1, await StoredAsync(item));
    }

    [Fact]
    public async Task A_refused_submit_records_no_matches()
    {
        var client = factory.ClientFor(Tenants.New());
        await SubmittedAsync(client, Canteen);
        var copy = await DraftAsync(client, CanteenEdited);
        var stale = await Drafts.ETagAsync(client, copy);
        Assert.Equal(HttpStatusCode.OK, (await Drafts.PutAsync(client, copy, new { title = "改了标题", body = CanteenEdited.Body })).StatusCode);

        var refused = await Drafts.PostSubmitAsync(client, copy, stale);

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(0, await StoredAsync(copy));
        Assert.Equal("draft", (await Drafts.GetAsync(client, copy)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("tenant-admin")]
    [InlineData("director")]
    [InlineData("staff-editor")]
    [InlineData("leader")]
    public async Task Reviewers_read_the_matches(string role)
    {
        var tenant = Tenants.New();
        var office = factory.ClientFor(tenant);
        var original = await SubmittedAsync(office, Canteen);
        var copy = await SubmittedAsync(office, CanteenEdited);

        var similar = await SimilarAsync(factory.ClientFor(tenant, [role], Guid.NewGuid()), copy);

        Assert.Equal([original], SimilarIds(similar));
    }

    [Fact]
    public async Task Members_and_partners_may_not_read_the_matches_not_even_of_their_own_item()
    {
        var tenant = Tenants.New();
        var self = Guid.NewGuid();
        var member = factory.ClientFor(tenant, ["member"], self);
        await SubmittedAsync(factory.ClientFor(tenant), Canteen);
        var own = await Drafts.CreateIdAsync(member, Draft(CanteenEdited, self));
        await Drafts.SubmitAsync(member, own);
        var partner = factory.ClientWithToken(TestTokens.Create(tenant, ["partner"], scopes: ["intake.submit", "intake.read"], clientId: "oa"));

        foreach (var client in new[] { member, factory.ClientFor(tenant, ["officer"], self), partner })
            Assert.Equal("forbidden", (await (await client.GetAsync($"{Drafts.Path}/{own}/similar")).ReadProblemAsync(403)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_unknown_item_is_a_404()
    {
        var problem = await (await factory.ClientFor(Tenants.New()).GetAsync($"{Drafts.Path}/{Guid.NewGuid()}/similar")).ReadProblemAsync(404);

        Assert.Equal("not-found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_answer_carries_an_etag_and_a_matching_if_none_match_is_a_304()
    {
        var client = factory.ClientFor(Tenants.New());
        await SubmittedAsync(client, Canteen);
        var copy = await SubmittedAsync(client, CanteenEdited);
        await SimilarAsync(client, copy); // computed (after the submit)

        var first = await client.GetAsync($"{Drafts.Path}/{copy}/similar");
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Drafts.Path}/{copy}/similar");
        request.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());

        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(request)).StatusCode);
    }
}
