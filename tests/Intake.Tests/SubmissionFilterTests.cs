using System.Net.Http.Json;
using SheqingMinyi.Tests;
using static SheqingMinyi.Intake.Tests.SearchData;

namespace SheqingMinyi.Intake.Tests;

/// <summary>GET /submissions' filters, each on one tenant's fixed set of items so every count is exact.</summary>
public sealed class SubmissionFilterTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    /// <summary>
    /// Four items: (1) work suggestion on 养老 for unit U1 by P1 with co-author P2, answering solicitation S, submitted
    /// 2026-03-05 23:30 CST; (2) situation report on 教育 for U2 by P2, submitted 2026-03-20 00:10 CST; (3) work news on
    /// 养老 and 民生 for U1 by P3, a draft; (4) from a partner system for U2 by P3, a draft.
    /// </summary>
    private sealed record Fixture(HttpClient Client, Guid[] Items, Guid P1, Guid P2, Guid P3, Guid U1, Guid U2, Guid Solicitation);

    private async Task<Fixture> SeedAsync()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var partner = factory.ClientWithToken(TestTokens.Create(tenant, ["partner"], scopes: ["intake.submit", "intake.read"], clientId: "oa"));
        Guid p1 = Guid.NewGuid(), p2 = Guid.NewGuid(), p3 = Guid.NewGuid(), u1 = Guid.NewGuid(), u2 = Guid.NewGuid(), solicitation = Guid.NewGuid();
        await factory.AnnounceAsync(tenant, p2, null);

        var first = Draft(Canteen, p1, u1);
        first["coAuthorPersonIds"] = new[] { p2 };
        first["type"] = "work-suggestion";
        first["themes"] = new[] { "养老" };
        var second = Draft(Tutoring, p2, u2);
        second["themes"] = new[] { "教育" };
        var third = Draft(CanteenNews, p3, u1);
        third["type"] = "work-news";
        third["themes"] = new[] { "养老", "民生" };
        Guid[] items =
        [
            await Drafts.CreateIdAsync(client, first), await Drafts.CreateIdAsync(client, second),
            await Drafts.CreateIdAsync(client, third), await Drafts.CreateIdAsync(partner, Draft(Water, p3, u2)),
        ];
        await Drafts.SubmitAsync(client, items[0]);
        await Drafts.SubmitAsync(client, items[1]);
        // What the API does not let a test choose: the days they were submitted on, and the solicitation answered.
        await ExecuteAsync(factory, "UPDATE submissions SET submitted_at = $2, solicitation_id = $3 WHERE id = $1",
            items[0], DateTimeOffset.Parse("2026-03-05T23:30:00+08:00").ToUniversalTime(), solicitation);
        await ExecuteAsync(factory, "UPDATE submissions SET submitted_at = $2 WHERE id = $1",
            items[1], DateTimeOffset.Parse("2026-03-20T00:10:00+08:00").ToUniversalTime());
        return new(client, items, p1, p2, p3, u1, u2, solicitation);
    }

    private static async Task AssertListsAsync(Fixture f, string query, params int[] expected)
    {
        var page = await ListAsync(f.Client, query);
        Assert.Equal(expected.Length, page.GetProperty("total").GetInt32());
        // Newest first: the items were created in order.
        Assert.Equal(expected.OrderDescending().Select(i => f.Items[i - 1]), Ids(page));
    }

    [Fact]
    public async Task Each_filter_narrows_the_list_to_exactly_its_items()
    {
        var f = await SeedAsync();

        await AssertListsAsync(f, "", 1, 2, 3, 4);
        await AssertListsAsync(f, "?status=submitted", 1, 2);
        await AssertListsAsync(f, "?status=draft", 3, 4);
        await AssertListsAsync(f, "?type=work-suggestion", 1);
        await AssertListsAsync(f, "?type=situation-report", 2, 4);
        await AssertListsAsync(f, "?type=work-news", 3);
        await AssertListsAsync(f, "?theme=养老", 1, 3);
        await AssertListsAsync(f, "?theme=民生", 3);
        await AssertListsAsync(f, "?theme=交通");
        await AssertListsAsync(f, "?channel=portal", 1, 2, 3);
        await AssertListsAsync(f, "?channel=partner", 4);
        await AssertListsAsync(f, "?channel=chair-direct");
        await AssertListsAsync(f, $"?unitId={f.U1}", 1, 3);
        await AssertListsAsync(f, $"?unitId={f.U2}", 2, 4);
        await AssertListsAsync(f, $"?solicitationId={f.Solicitation}", 1);
        await AssertListsAsync(f, $"?solicitationId={Guid.NewGuid()}");
    }

    [Fact]
    public async Task The_author_filter_finds_every_item_the_person_is_an_author_of_co_authored_ones_too()
    {
        var f = await SeedAsync();

        await AssertListsAsync(f, $"?authorPersonId={f.P1}", 1);
        await AssertListsAsync(f, $"?authorPersonId={f.P2}", 1, 2);
        await AssertListsAsync(f, $"?authorPersonId={f.P3}", 3, 4);
        await AssertListsAsync(f, $"?authorPersonId={Guid.NewGuid()}");
    }

    /// <summary>Days of China Standard Time, both ends included; drafts have no submitted date.</summary>
    [Fact]
    public async Task From_and_to_take_whole_days_of_the_submitted_date_in_china_standard_time()
    {
        var f = await SeedAsync();

        await AssertListsAsync(f, "?from=2026-03-05&to=2026-03-05", 1); // 23:30 CST is 15:30 UTC, still the 5th
        await AssertListsAsync(f, "?from=2026-03-06", 2);
        await AssertListsAsync(f, "?to=2026-03-19", 1);                 // 00:10 CST on the 20th is the 19th in UTC
        await AssertListsAsync(f, "?to=2026-03-20", 1, 2);
        await AssertListsAsync(f, "?from=2026-03-01&to=2026-03-31", 1, 2);
        await AssertListsAsync(f, "?from=2026-03-21");
    }

    [Fact]
    public async Task Filters_combine_and_the_total_counts_what_they_leave()
    {
        var f = await SeedAsync();

        await AssertListsAsync(f, "?theme=养老&status=draft", 3);
        await AssertListsAsync(f, $"?unitId={f.U2}&channel=portal", 2);
        await AssertListsAsync(f, $"?authorPersonId={f.P2}&from=2026-03-10", 2);
        var page = await ListAsync(f.Client, "?status=draft&pageSize=1");
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal([f.Items[3]], Ids(page));
    }

    [Theory]
    [InlineData("?status=lost", "status")]
    [InlineData("?type=proposal", "type")]
    [InlineData("?type=WorkSuggestion,WorkNews", "type")]
    [InlineData("?channel=fax", "channel")]
    [InlineData("?theme=一二三四五六七八九十一二三四五六七八九十一", "theme")]
    [InlineData("?authorPersonId=zhangming", "authorPersonId")]
    [InlineData("?authorPersonId=00000000-0000-0000-0000-000000000000", "authorPersonId")]
    [InlineData("?unitId=42", "unitId")]
    [InlineData("?solicitationId=not-a-guid", "solicitationId")]
    [InlineData("?from=2026-13-01", "from")]
    [InlineData("?from=2026-3-1", "from")]
    [InlineData("?to=03/01/2026", "to")]
    [InlineData("?to=0001-01-01", "to")]
    [InlineData("?from=2026-03-10&to=2026-03-01", "to")]
    [InlineData("?q=，。！？", "q")]
    [InlineData("?q=%E2%80%A6%E2%80%94", "q")]
    public async Task A_bad_filter_value_is_a_400_naming_the_parameter_and_changes_nothing(string query, string parameter)
    {
        var f = await SeedAsync();
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);

        var problem = await (await f.Client.GetAsync($"{Drafts.Path}{query}")).ReadProblemAsync(400);

        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.Equal([parameter], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
    }

    [Fact]
    public async Task A_query_longer_than_a_hundred_characters_is_a_400()
    {
        var f = await SeedAsync();

        var problem = await (await f.Client.GetAsync($"{Drafts.Path}?q={new string('老', 101)}")).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("q", out _));
    }

    /// <summary>A member filters only their own items: the filter never widens what they see.</summary>
    [Fact]
    public async Task A_members_filters_apply_to_their_own_items_only()
    {
        var f = await SeedAsync();
        var tenant = await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT tenant_id FROM submissions WHERE id = $1", f.Items[0]);
        var member = factory.ClientFor(tenant, ["member"], f.P2);

        var theirs = await ListAsync(member, "?theme=养老");
        var all = await ListAsync(member, "");

        Assert.Equal([f.Items[0]], Ids(theirs));
        Assert.Equal([f.Items[1], f.Items[0]], Ids(all));
        Assert.Equal(2, all.GetProperty("total").GetInt32());
    }
}
