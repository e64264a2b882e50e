using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>GET /submissions: paging, filters and totals, each test on a tenant of its own so totals are exact.</summary>
public sealed class SubmissionListTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private static async Task<JsonElement> ListAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync($"{Drafts.Path}{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Guid[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    /// <summary>Five drafts created in order; the first two submitted.</summary>
    private static async Task<Guid[]> SeedFiveAsync(HttpClient client)
    {
        var ids = new List<Guid>();
        for (var i = 1; i <= 5; i++) ids.Add(await Drafts.CreateIdAsync(client, Drafts.New($"第{i}篇")));
        await Drafts.SubmitAsync(client, ids[0]);
        await Drafts.SubmitAsync(client, ids[1]);
        return [.. ids];
    }

    [Fact]
    public async Task Pages_split_the_list_newest_first_and_carry_the_total()
    {
        var client = factory.ClientFor(Tenants.New());
        var ids = await SeedFiveAsync(client);
        Guid[] newestFirst = [.. Enumerable.Reverse(ids)];

        var first = await ListAsync(client, "?page=1&pageSize=2");
        var second = await ListAsync(client, "?page=2&pageSize=2");
        var third = await ListAsync(client, "?page=3&pageSize=2");
        var beyond = await ListAsync(client, "?page=4&pageSize=2");

        Assert.Equal(newestFirst[..2], Ids(first));
        Assert.Equal(newestFirst[2..4], Ids(second));
        Assert.Equal(newestFirst[4..], Ids(third));
        Assert.Empty(Ids(beyond));
        foreach (var page in new[] { first, second, third, beyond })
        {
            Assert.Equal(5, page.GetProperty("total").GetInt32());
            Assert.Equal(2, page.GetProperty("pageSize").GetInt32());
        }
        Assert.Equal(3, third.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task Default_page_is_the_first_twenty()
    {
        var client = factory.ClientFor(Tenants.New());
        await SeedFiveAsync(client);

        var page = await ListAsync(client);

        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(20, page.GetProperty("pageSize").GetInt32());
        Assert.Equal(5, Ids(page).Length);
    }

    [Fact]
    public async Task Status_filter_returns_only_items_in_that_state_with_their_own_total()
    {
        var client = factory.ClientFor(Tenants.New());
        var ids = await SeedFiveAsync(client);

        var submitted = await ListAsync(client, "?status=submitted");
        var drafts = await ListAsync(client, "?status=draft");

        Assert.Equal(2, submitted.GetProperty("total").GetInt32());
        Assert.Equal(new[] { ids[1], ids[0] }, Ids(submitted));
        Assert.All(submitted.GetProperty("items").EnumerateArray(), i => Assert.Equal("submitted", i.GetProperty("status").GetString()));
        Assert.Equal(3, drafts.GetProperty("total").GetInt32());
        Assert.Equal(Enumerable.Reverse(ids[2..]), Ids(drafts));
    }

    /// <summary>The filter takes the status as every answer writes it (kebab-case), not the C# enum name.</summary>
    [Theory]
    [InlineData("submitted", 2)]
    [InlineData("not-adopted", 0)]
    public async Task Status_filter_accepts_the_status_as_the_api_writes_it(string status, int expected)
    {
        var client = factory.ClientFor(Tenants.New());
        await SeedFiveAsync(client);

        var page = await ListAsync(client, $"?status={status}");

        Assert.Equal(expected, page.GetProperty("total").GetInt32());
        Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.Equal(status, i.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Author_filter_returns_only_that_authors_items()
    {
        var client = factory.ClientFor(Tenants.New());
        var author = Guid.NewGuid();
        var mine = await Drafts.CreateIdAsync(client, Drafts.New("我的", author));
        await Drafts.CreateIdAsync(client, Drafts.New("别人的"));

        var page = await ListAsync(client, $"?authorPersonId={author}");

        Assert.Equal(new[] { mine }, Ids(page));
        Assert.Equal(1, page.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=201", "pageSize")]
    public async Task Out_of_range_paging_is_a_validation_problem(string query, string field)
    {
        var response = await factory.ClientFor(Tenants.New()).GetAsync($"{Drafts.Path}{query}");

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task An_unknown_status_is_a_bad_request()
    {
        var response = await factory.ClientFor(Tenants.New()).GetAsync($"{Drafts.Path}?status=lost");
        await response.ReadProblemAsync(400);
    }
}
