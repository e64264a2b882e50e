using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>ETags on reads and If-Match on changes: a change without one is 428, with a stale one 412, and neither changes anything.</summary>
public sealed class PreconditionTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private static readonly object Edit = new { title = "改后的标题", body = "改后的正文" };

    [Fact]
    public async Task A_read_carries_the_row_version_as_a_strong_etag_and_if_none_match_gives_304()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client);

        var read = await client.GetAsync($"{Drafts.Path}/{id}");
        var etag = read.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag!.IsWeak);
        Assert.Matches("^\"[0-9]+\"$", etag.Tag);
        var version = await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT xmin::text::bigint FROM submissions WHERE id = $1", id);
        Assert.Equal($"\"{version}\"", etag.Tag);

        var again = new HttpRequestMessage(HttpMethod.Get, $"{Drafts.Path}/{id}");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_edit_without_if_match_is_a_428_problem_and_changes_nothing()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client, Drafts.New("原标题"));

        var response = await client.PutAsJsonAsync($"{Drafts.Path}/{id}", Edit);

        Assert.Equal("precondition-required", (await response.ReadProblemAsync(428)).GetProperty("code").GetString());
        Assert.Equal("原标题", (await Drafts.GetAsync(client, id)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task If_match_star_is_not_enough()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client, Drafts.New("原标题"));

        var response = await Drafts.PutAsync(client, id, Edit, "*");

        await response.ReadProblemAsync(428);
        Assert.Equal("原标题", (await Drafts.GetAsync(client, id)).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("stale")]
    [InlineData("W/weak")]
    [InlineData("garbage")]
    public async Task An_edit_with_an_etag_that_is_not_the_current_one_is_a_412_problem_and_changes_nothing(string kind)
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client, Drafts.New("原标题"));
        var read = await Drafts.ETagAsync(client, id);
        var etag = kind switch
        {
            "stale" => read,
            "W/weak" => $"W/{read}",
            _ => "not-an-etag",
        };
        if (kind == "stale") Assert.Equal(HttpStatusCode.OK, (await Drafts.PutAsync(client, id, new { title = "别人先改了", body = "正文" })).StatusCode);

        var response = await Drafts.PutAsync(client, id, Edit, etag);

        Assert.Equal("precondition-failed", (await response.ReadProblemAsync(412)).GetProperty("code").GetString());
        Assert.Equal(kind == "stale" ? "别人先改了" : "原标题", (await Drafts.GetAsync(client, id)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_change_answers_with_the_new_etag_which_the_next_change_can_use()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client);
        var before = await Drafts.ETagAsync(client, id);

        var edited = await Drafts.PutAsync(client, id, Edit, before);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var after = edited.Headers.ETag!.Tag;
        Assert.NotEqual(before, after);
        Assert.Equal(after, await Drafts.ETagAsync(client, id));

        var submitted = await Drafts.PostSubmitAsync(client, id, after);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.NotEqual(after, submitted.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_submit_without_if_match_is_a_428_problem_and_announces_nothing()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client);

        var response = await client.PostAsync($"{Drafts.Path}/{id}/submit", null);

        await response.ReadProblemAsync(428);
        Assert.Equal("draft", (await Drafts.GetAsync(client, id)).GetProperty("status").GetString());
        Assert.Empty(await IntakeDb.OutboxForAsync(factory.ConnectionString, id));
    }

    [Fact]
    public async Task A_created_draft_answers_with_its_etag()
    {
        var client = factory.ClientFor(Tenants.New());
        var response = await client.PostAsJsonAsync(Drafts.Path, Drafts.New());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(await Drafts.ETagAsync(client, id), response.Headers.ETag?.Tag);
    }
}
