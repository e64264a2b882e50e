using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>排名 by persons, units, categories and special committees, ties as a bulletin prints them, my rank, custom ranges.</summary>
public sealed class RankingsTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    [Fact]
    public async Task Persons_with_equal_points_share_a_rank_and_the_next_place_skips()
    {
        var tenant = ScoringKit.NewTenant();
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenant, new PersonRegistered(a, "甲", null, ["member"]));
        await ItemAsync(tenant, a, Guid.NewGuid(), adopted: true);
        await ItemAsync(tenant, b, Guid.NewGuid(), adopted: true);
        await ItemAsync(tenant, c, Guid.NewGuid(), adopted: false);

        var ranking = await WaitForRankingAsync(tenant, "persons", "period=2026-11&top=1", r => r.Participants == 3);

        // top=1 prints both first places: equal points, equal rank.
        Assert.Equal([(1L, 6m), (1L, 6m)], ranking.Entries.Select(e => (e.Rank, e.Points)));
        Assert.Contains(ranking.Entries, e => e.Id == a.ToString() && e.Name == "甲");
        var third = await RankAsync(tenant, "persons", c, "period=2026-11");
        Assert.Equal((3L, 1m, 3, 1L, 5m), (third.Rank, third.Points, third.Participants, third.NextRank, third.PointsToNext));
        var first = await RankAsync(tenant, "persons", a, "period=2026");
        Assert.Equal((1L, (long?)null, (decimal?)null), (first.Rank, first.NextRank, first.PointsToNext));
    }

    [Fact]
    public async Task Units_categories_and_special_committees_rank_the_units_part_and_list_committees_with_nothing()
    {
        var tenant = ScoringKit.NewTenant();
        var (economy, ethnic, idle, district) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenant, new UnitCreated(economy, "经济委员会", "special-committee"));
        await _kit.FeedAsync(tenant, new UnitCreated(ethnic, "民宗委", "special-committee"));
        await _kit.FeedAsync(tenant, new UnitCreated(idle, "文史委", "special-committee"));
        await _kit.FeedAsync(tenant, new UnitCreated(district, "沙坪坝区委会", "district-committee"));
        // Co-authors share an item's points; the unit gets the item's points once (6), not per author.
        var (x, y) = (Guid.NewGuid(), Guid.NewGuid());
        await ItemAsync(tenant, x, economy, adopted: true, coAuthor: y);
        await ItemAsync(tenant, Guid.NewGuid(), ethnic, adopted: true);
        await ItemAsync(tenant, Guid.NewGuid(), district, adopted: true);
        await ItemAsync(tenant, Guid.NewGuid(), district, adopted: false);

        var committees = await WaitForRankingAsync(tenant, "special-committees", "period=2026-Q4",
            r => r.Entries.Sum(e => e.Points) == 12m);
        Assert.Equal([("经济委员会", 1L, 6m), ("民宗委", 1L, 6m), ("文史委", 3L, 0m)], committees.Entries.Select(e => (e.Name!, e.Rank, e.Points)));

        var units = await GetAsync<RankingDto>(tenant, "/rankings/units?period=2026");
        Assert.Equal(("沙坪坝区委会", 7m), (units.Entries[0].Name!, units.Entries[0].Points));
        Assert.Equal(4, units.Participants);

        var categories = await GetAsync<RankingDto>(tenant, "/rankings/categories?period=2026");
        Assert.Equal([("special-committee", "专委会", 1L, 12m), ("district-committee", "区委会", 2L, 7m)],
            categories.Entries.Select(e => (e.Id, e.Name!, e.Rank, e.Points)));

        var idleRank = await RankAsync(tenant, "special-committees", idle, "period=2026-Q4");
        Assert.Equal((3L, 0m, 1L, 6m), (idleRank.Rank, idleRank.Points, idleRank.NextRank, idleRank.PointsToNext));
        var category = await GetAsync<RankDto>(tenant, "/rankings/categories/district-committee?period=2026");
        Assert.Equal((2L, 7m, 5m), (category.Rank, category.Points, category.PointsToNext));
    }

    [Fact]
    public async Task A_custom_range_counts_only_its_days()
    {
        var tenant = ScoringKit.NewTenant();
        var author = Guid.NewGuid();
        await ItemAsync(tenant, author, Guid.NewGuid(), adopted: true, at: ScoringKit.Beijing(2026, 3, 31, 23));
        await ItemAsync(tenant, author, Guid.NewGuid(), adopted: false, at: ScoringKit.Beijing(2026, 4, 1, 0));
        await _kit.WaitForLedgerAsync(tenant, author, 3);

        var april = await GetAsync<RankingDto>(tenant, "/rankings/persons?from=2026-04-01&to=2026-04-30");
        Assert.Equal(("2026-04-01~2026-04-30", 1m), (april.Period, Assert.Single(april.Entries).Points));
        var spring = await RankAsync(tenant, "persons", author, "from=2026-03-01&to=2026-04-30");
        Assert.Equal((1L, 7m), (spring.Rank, spring.Points));
    }

    [Fact]
    public async Task New_points_show_in_the_next_read_and_a_lost_ranking_is_rebuilt_from_the_ledger()
    {
        var tenant = ScoringKit.NewTenant();
        var unit = Guid.NewGuid();
        await _kit.FeedAsync(tenant, new UnitCreated(unit, "九龙坡区委会", "district-committee"));
        await ItemAsync(tenant, Guid.NewGuid(), unit, adopted: false);
        await WaitForRankingAsync(tenant, "units", "period=2026", r => r.Entries.Single().Points == 1m);

        await ItemAsync(tenant, Guid.NewGuid(), unit, adopted: true);
        await WaitForRankingAsync(tenant, "units", "period=2026", r => r.Entries.Single().Points == 7m);
        Assert.True(await DeleteRankingKeysAsync() > 0);

        var rebuilt = await GetAsync<RankingDto>(tenant, "/rankings/units?period=2026");
        Assert.Equal(("九龙坡区委会", 7m), (rebuilt.Entries.Single().Name!, rebuilt.Entries.Single().Points));
    }

    [Fact]
    public async Task A_warm_read_is_the_snapshot_and_a_lost_generation_counter_never_brings_an_older_snapshot_back()
    {
        var tenant = ScoringKit.NewTenant();
        var (person, rows) = (Guid.NewGuid(), new LedgerRows(factory));
        await rows.InsertAsync(tenant, person, 5m, ScoringKit.November2026);
        const string path = "/rankings/persons?from=2026-11-01&to=2026-11-30";
        Assert.Equal(5m, (await GetAsync<RankingDto>(tenant, path)).Entries.Single().Points);

        // Written behind the service's back (no settlement, so no new generation): the warm read is Redis's snapshot.
        await rows.InsertAsync(tenant, person, 3m, ScoringKit.November2026);
        Assert.Equal(5m, (await GetAsync<RankingDto>(tenant, path)).Entries.Single().Points);

        // The counter alone is lost (an eviction): the next generation is new, so the ledger is read again.
        var redis = await StreamFeeder.RedisAsync();
        Assert.True(await redis.KeyDeleteAsync($"{factory.RedisPrefix}:rk:{tenant}:gen"));
        Assert.Equal(8m, (await GetAsync<RankingDto>(tenant, path)).Entries.Single().Points);
    }

    [Fact]
    public async Task A_unit_that_changes_category_moves_to_its_new_category()
    {
        var tenant = ScoringKit.NewTenant();
        var unit = Guid.NewGuid();
        await _kit.FeedAsync(tenant, new UnitCreated(unit, "社会民生组", "professional-group"));
        await ItemAsync(tenant, Guid.NewGuid(), unit, adopted: true);
        await WaitForRankingAsync(tenant, "categories", "period=2026", r => r.Entries.Any(e => e.Id == "professional-group" && e.Points == 6m));

        await _kit.FeedAsync(tenant, new UnitChanged(unit, "社会民生委员会", "special-committee", null, null, DateTimeOffset.UtcNow, 2));

        var ranking = await WaitForRankingAsync(tenant, "categories", "period=2026", r => r.Entries.Any(e => e.Id == "special-committee"));
        Assert.Equal(("special-committee", 6m), (Assert.Single(ranking.Entries).Id, ranking.Entries[0].Points));
    }

    [Fact]
    public async Task A_member_reads_their_own_place_only_staff_read_anyone_s()
    {
        var tenant = ScoringKit.NewTenant();
        var (me, other, unit) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await ItemAsync(tenant, me, unit, adopted: false);
        await ItemAsync(tenant, other, unit, adopted: true);
        await _kit.WaitForLedgerAsync(tenant, other, 2);
        var member = factory.ClientFor(tenant, ["member"], me);

        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/rankings/persons/{me}?period=2026")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/rankings/units?period=2026")).StatusCode);
        var refused = await (await member.GetAsync($"/rankings/persons/{other}?period=2026")).ReadProblemAsync(403);
        Assert.Equal("not-own", refused.GetProperty("code").GetString());
        await (await member.GetAsync($"/rankings/units/{unit}?period=2026")).ReadProblemAsync(403);
        Assert.Equal(HttpStatusCode.OK, (await _kit.Client(tenant).GetAsync($"/rankings/persons/{other}?period=2026")).StatusCode);
    }

    [Theory]
    [InlineData("/rankings/teams", "dimension")]
    [InlineData("/rankings/persons?period=2026-13", "period")]
    [InlineData("/rankings/persons?period=2026&from=2026-01-01&to=2026-02-01", "period")]
    [InlineData("/rankings/persons?from=2026-02-01&to=2026-01-01", "from")]
    [InlineData("/rankings/persons?from=2026-02-01", "from")]
    [InlineData("/rankings/persons?from=2020-01-01&to=2026-01-01", "from")]
    [InlineData("/rankings/units?top=0", "top")]
    [InlineData("/rankings/units?top=101", "top")]
    [InlineData("/rankings/units/not-a-guid", "id")]
    [InlineData("/rankings/persons/00000000-0000-0000-0000-000000000000", "id")]
    public async Task Bad_input_is_a_400_naming_the_field(string path, string field)
    {
        var problem = await (await _kit.Client(ScoringKit.NewTenant()).GetAsync(path)).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Another_tenant_s_persons_and_units_have_no_place_here()
    {
        var (tenantA, tenantB) = (ScoringKit.NewTenant(), ScoringKit.NewTenant());
        var (author, unit) = (Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenantA, new UnitCreated(unit, "经济委员会", "special-committee"));
        await ItemAsync(tenantA, author, unit, adopted: true);
        await WaitForRankingAsync(tenantA, "special-committees", "period=2026", r => r.Entries.Count == 1 && r.Entries[0].Points == 6m);

        Assert.Empty((await GetAsync<RankingDto>(tenantB, "/rankings/persons?period=2026")).Entries);
        Assert.Empty((await GetAsync<RankingDto>(tenantB, "/rankings/special-committees?period=2026")).Entries);
        Assert.Empty((await GetAsync<RankingDto>(tenantB, "/rankings/categories?period=2026")).Entries);
        await (await _kit.Client(tenantB).GetAsync($"/rankings/persons/{author}?period=2026")).ReadProblemAsync(404);
        await (await _kit.Client(tenantB).GetAsync($"/rankings/units/{unit}?period=2026")).ReadProblemAsync(404);
        await (await _kit.Client(tenantB).GetAsync($"/rankings/persons/{author}?from=2026-01-01&to=2026-12-31")).ReadProblemAsync(404);
    }

    /// <summary>An item of <paramref name="author"/> (and a co-author) for a unit: submitted (1), adopted own-body (5).</summary>
    private async Task ItemAsync(string tenant, Guid author, Guid unit, bool adopted, Guid? coAuthor = null, DateTimeOffset? at = null)
    {
        var item = Guid.NewGuid();
        var when = at ?? ScoringKit.November2026;
        List<AuthorShare> authors = coAuthor is { } co ? [new(author, 1, 0.5m), new(co, 2, 0.5m)] : [new(author, 1, 1m)];
        await _kit.FeedAsync(tenant, new SubmissionSubmitted(item, "关于加强社区养老服务的建议", author, unit, when, authors, [new UnitShare(unit, 1m)]));
        if (adopted)
            await _kit.FeedAsync(tenant, new SubmissionAdopted(item, Guid.NewGuid(), AdoptionLevel.OwnBody, author, unit, when, 1, authors,
                [new UnitShare(unit, 1m)]));
    }

    private async Task<T> GetAsync<T>(string tenant, string path)
    {
        var response = await _kit.Client(tenant).GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(ScoringKit.Json))!;
    }

    private Task<RankDto> RankAsync(string tenant, string dimension, Guid id, string query) =>
        GetAsync<RankDto>(tenant, $"/rankings/{dimension}/{id}?{query}");

    // Rankings follow the commit (the generation moves after it): poll until the read shows the change.
    private Task<RankingDto> WaitForRankingAsync(string tenant, string dimension, string query, Func<RankingDto, bool> condition) =>
        Eventually.GetAsync(() => GetAsync<RankingDto>(tenant, $"/rankings/{dimension}?{query}"), condition, what: $"{dimension} {query}");

    private async Task<int> DeleteRankingKeysAsync()
    {
        var server = await StreamFeeder.RedisServerAsync();
        var db = await StreamFeeder.RedisAsync();
        var keys = new List<StackExchange.Redis.RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: $"{factory.RedisPrefix}:rk:*")) keys.Add(key);
        if (keys.Count > 0) await db.KeyDeleteAsync([.. keys]);
        return keys.Count;
    }
}
