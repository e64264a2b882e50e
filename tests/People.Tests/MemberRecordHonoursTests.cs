using System.Text.Json;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Tests;

/// <summary>
/// 履职档案's honours: a 金点子 is a fact per author (the meeting and the newest follow-up status, whatever the order
/// of arrival), an item in an 优秀选编 a fact per author in the selection's year and half; replays and republishes add
/// nothing.
/// </summary>
public sealed class MemberRecordHonoursTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private const string Group = ResourceNames.People;
    private static readonly DateTimeOffset December2026 = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);

    private async Task<FedEvent> FeedAsync<T>(string tenant, T e) where T : notnull
    {
        var fed = await _feeder.PublishAsync(tenant, e);
        await _feeder.WaitConsumedAsync(fed, Group);
        return fed;
    }

    private static List<AuthorShare> Shares(params (Guid Person, decimal Share)[] authors) =>
        [.. authors.Select((a, i) => new AuthorShare(a.Person, i + 1, a.Share))];

    private static GoldenIdeaFlagged Flagged(Guid idea, Guid item, string meeting, DateOnly on, params (Guid, decimal)[] authors) =>
        new(idea, item, meeting, on, "可推广", Shares(authors), [], December2026);

    private static GoldenIdeaFollowedUp FollowedUp(Guid idea, Guid item, string status, int version, params (Guid, decimal)[] authors) =>
        new(idea, item, status, "已转有关部门", Shares(authors), [], December2026.AddDays(version), version);

    private static ExcellentSelectionPublished Selection(int year, int half, params (Guid Item, (Guid, decimal)[] Authors)[] items) =>
        new(Guid.NewGuid(), year, half, [.. items.Select(i => new SelectedItem(i.Item, Shares(i.Authors), []))], December2026);

    private async Task<JsonElement> RecordAsync(HttpClient client, Guid person, int year = 2026) =>
        await client.GetAsync($"/persons/{person}/record?year={year}").OkAsync();

    private static (Guid, string, string, string, string, string, decimal) Idea(JsonElement g) =>
        (g.GetProperty("goldenIdeaId").GetGuid(), g.GetProperty("meeting").GetString()!, g.GetProperty("meetingLabel").GetString()!,
            g.GetProperty("meetingOn").GetString()!, g.GetProperty("status").GetString()!, g.GetProperty("statusLabel").GetString()!,
            g.GetProperty("share").GetDecimal());

    private Task<long> RowsAsync(string table, string key, Guid id) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, $"SELECT count(*) FROM {table} WHERE {key} = $1", id);

    [Fact]
    public async Task Each_golden_idea_is_a_fact_of_every_author_with_its_meeting_and_status_in_words()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (lead, co) = (await TalentKit.PersonAsync(client, "张明"), await TalentKit.PersonAsync(client, "李华"));
        var (weekly, monthly, lastYear) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        await FeedAsync(tenant, Flagged(weekly, a, "weekly", new DateOnly(2026, 12, 7), (lead, 0.6m), (co, 0.4m)));
        await FeedAsync(tenant, Flagged(monthly, b, "half-monthly", new DateOnly(2026, 12, 15), (co, 1m)));
        await FeedAsync(tenant, FollowedUp(monthly, b, "following", 2, (co, 1m)));
        await FeedAsync(tenant, Flagged(lastYear, Guid.NewGuid(), "monthly", new DateOnly(2025, 12, 28), (co, 1m)));

        var record = await RecordAsync(client, co);
        Assert.Equal(2, record.GetProperty("goldenIdeas").GetInt32());
        var byStatus = record.GetProperty("goldenIdeasByStatus");
        Assert.Equal((1, 1), (byStatus.GetProperty("proposed").GetInt32(), byStatus.GetProperty("following").GetInt32()));
        Assert.Equal( // latest meeting first
            [(monthly, "half-monthly", "半月谈", "2026-12-15", "following", "跟进中", 1m), (weekly, "weekly", "周周议", "2026-12-07", "proposed", "已提出", 0.4m)],
            record.GetProperty("goldenIdeaList").EnumerateArray().Select(Idea));
        Assert.Equal(b, record.GetProperty("goldenIdeaList")[0].GetProperty("submissionId").GetGuid());
        var ofLead = Assert.Single((await RecordAsync(client, lead)).GetProperty("goldenIdeaList").EnumerateArray());
        Assert.Equal(0.6m, ofLead.GetProperty("share").GetDecimal());
        var earlier = Assert.Single((await RecordAsync(client, co, 2025)).GetProperty("goldenIdeaList").EnumerateArray());
        Assert.Equal(("月月研", "已提出"), (earlier.GetProperty("meetingLabel").GetString(), earlier.GetProperty("statusLabel").GetString()));
    }

    [Fact]
    public async Task A_follow_up_before_the_flag_and_an_older_one_after_a_newer_still_end_at_the_highest_version()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var person = await TalentKit.PersonAsync(client, "张明");
        var (idea, item) = (Guid.NewGuid(), Guid.NewGuid());

        await FeedAsync(tenant, FollowedUp(idea, item, "implemented", 3, (person, 1m)));
        Assert.Equal(0, (await RecordAsync(client, person)).GetProperty("goldenIdeas").GetInt32()); // no meeting yet: not in a year's record
        await FeedAsync(tenant, FollowedUp(idea, item, "following", 2, (person, 1m)));
        await FeedAsync(tenant, Flagged(idea, item, "monthly", new DateOnly(2026, 12, 28), (person, 1m)));

        var record = await RecordAsync(client, person);
        Assert.Equal((idea, "monthly", "月月研", "2026-12-28", "implemented", "已落实", 1m),
            Idea(Assert.Single(record.GetProperty("goldenIdeaList").EnumerateArray())));
        await FeedAsync(tenant, FollowedUp(idea, item, "closed", 4, (person, 1m)));
        Assert.Equal("已办结", (await RecordAsync(client, person)).GetProperty("goldenIdeaList")[0].GetProperty("statusLabel").GetString());
    }

    [Fact]
    public async Task The_newest_event_names_the_authors_even_when_the_flag_arrives_last()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (lead, co) = (await TalentKit.PersonAsync(client, "张明"), await TalentKit.PersonAsync(client, "李华"));
        var (idea, item) = (Guid.NewGuid(), Guid.NewGuid());

        await FeedAsync(tenant, FollowedUp(idea, item, "following", 2, (lead, 1m)));
        await FeedAsync(tenant, Flagged(idea, item, "weekly", new DateOnly(2026, 12, 7), (lead, 0.5m), (co, 0.5m)));

        Assert.Equal(1, await RowsAsync("record_golden_ideas", "golden_idea_id", idea));
        Assert.Equal(0, (await RecordAsync(client, co)).GetProperty("goldenIdeas").GetInt32());
        var ofLead = Assert.Single((await RecordAsync(client, lead)).GetProperty("goldenIdeaList").EnumerateArray());
        Assert.Equal(("周周议", "跟进中", 1m), (ofLead.GetProperty("meetingLabel").GetString(), ofLead.GetProperty("statusLabel").GetString(),
            ofLead.GetProperty("share").GetDecimal()));
    }

    [Fact]
    public async Task A_golden_idea_redelivered_or_republished_adds_no_fact()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (lead, co) = (await TalentKit.PersonAsync(client, "张明"), await TalentKit.PersonAsync(client, "李华"));
        var (idea, item) = (Guid.NewGuid(), Guid.NewGuid());
        var flagged = Flagged(idea, item, "weekly", new DateOnly(2026, 12, 7), (lead, 0.5m), (co, 0.5m));
        var followedUp = FollowedUp(idea, item, "following", 2, (lead, 0.5m), (co, 0.5m));
        var fed = await FeedAsync(tenant, flagged);
        var followed = await FeedAsync(tenant, followedUp);
        var before = (await RecordAsync(client, co)).ToString();

        await _feeder.WaitConsumedAsync(await _feeder.RedeliverAsync(fed), Group);        // same envelope: the inbox drops it
        await _feeder.WaitConsumedAsync(await _feeder.RedeliverAsync(followed), Group);
        await FeedAsync(tenant, flagged);                                                  // new envelopes: the same rows
        await FeedAsync(tenant, followedUp);

        Assert.Equal(2, await RowsAsync("record_golden_ideas", "golden_idea_id", idea));
        Assert.Equal(before, (await RecordAsync(client, co)).ToString());
        Assert.Equal("跟进中", (await RecordAsync(client, co)).GetProperty("goldenIdeaList")[0].GetProperty("statusLabel").GetString());
    }

    [Fact]
    public async Task Each_selected_item_is_a_fact_of_every_author_in_the_selections_year_and_half()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (lead, co) = (await TalentKit.PersonAsync(client, "张明"), await TalentKit.PersonAsync(client, "李华"));
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var first = Selection(2026, 1, (a, [(lead, 0.5m), (co, 0.5m)]), (b, [(co, 1m)]));
        var second = Selection(2026, 2, (c, [(co, 1m)]));

        await FeedAsync(tenant, first);
        await FeedAsync(tenant, second);
        await FeedAsync(tenant, Selection(2025, 2, (Guid.NewGuid(), [(co, 1m)])));

        var record = await RecordAsync(client, co);
        Assert.Equal(3, record.GetProperty("excellentSelections").GetInt32());
        var list = record.GetProperty("excellentSelectionList").EnumerateArray().Select(s => (s.GetProperty("selectionId").GetGuid(),
            s.GetProperty("submissionId").GetGuid(), s.GetProperty("year").GetInt32(), s.GetProperty("half").GetInt32(),
            s.GetProperty("halfLabel").GetString(), s.GetProperty("share").GetDecimal())).ToList();
        Assert.Equal((second.SelectionId, c, 2026, 2, "下半年", 1m), list[0]); // the later half first
        Assert.Equal([(a, 0.5m), (b, 1m)], list.Skip(1).Select(s => (s.Item2, s.Item6)).OrderBy(s => s.Item2));
        Assert.All(list.Skip(1), s => Assert.Equal("上半年", s.Item5));
        Assert.Equal(1, (await RecordAsync(client, lead)).GetProperty("excellentSelections").GetInt32());
        Assert.Equal(1, (await RecordAsync(client, co, 2025)).GetProperty("excellentSelections").GetInt32());
    }

    [Fact]
    public async Task A_selection_redelivered_or_republished_adds_no_fact()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (lead, co) = (await TalentKit.PersonAsync(client, "张明"), await TalentKit.PersonAsync(client, "李华"));
        var selection = Selection(2026, 1, (Guid.NewGuid(), [(lead, 0.5m), (co, 0.5m)]));
        var fed = await FeedAsync(tenant, selection);
        var before = (await RecordAsync(client, co)).ToString();

        await _feeder.WaitConsumedAsync(await _feeder.RedeliverAsync(fed), Group);
        await FeedAsync(tenant, selection);

        Assert.Equal(2, await RowsAsync("record_selections", "selection_id", selection.SelectionId));
        Assert.Equal(before, (await RecordAsync(client, co)).ToString());
        Assert.Equal(1, (await RecordAsync(client, co)).GetProperty("excellentSelections").GetInt32());
    }
}
