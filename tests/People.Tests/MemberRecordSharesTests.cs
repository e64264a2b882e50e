using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Tests;

/// <summary>
/// 履职档案 from events that name every author: an adoption is a fact per author and level, a 批示 a fact per author
/// and instruction (in the year the leader gave it), whatever the order, replays and republishes; a forwarded copy is
/// nobody's record.
/// </summary>
public sealed class MemberRecordSharesTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private const string Group = ResourceNames.People;
    private static readonly DateTimeOffset June2026 = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);

    private async Task<FedEvent> FeedAsync<T>(string tenant, T e) where T : notnull
    {
        var fed = await _feeder.PublishAsync(tenant, e);
        await _feeder.WaitConsumedAsync(fed, Group);
        return fed;
    }

    private static List<AuthorShare> Shares(params Guid[] authors) =>
        [.. authors.Select((p, i) => new AuthorShare(p, i + 1, Math.Round(1m / authors.Length, 4)))];

    private static SubmissionAdopted Adopted(Guid item, Guid unit, AdoptionLevel level, params Guid[] authors) =>
        new(item, Guid.NewGuid(), level, authors[0], unit, June2026.AddDays(3), 3, Shares(authors), [new UnitShare(unit, 1m)]);

    private static LeaderInstructionRecorded Instruction(Guid item, Guid unit, InstructionLevel level, DateOnly on, params Guid[] authors) =>
        new(Guid.NewGuid(), item, Guid.NewGuid(), level, "市委副书记", "肯定性", on, "请市民政局研究落实", Shares(authors), [new UnitShare(unit, 1m)],
            June2026.AddDays(10));

    private static Task<long> CountAsync(string connection, string table, Guid item) =>
        TestDb.ScalarAsync<long>(connection, $"SELECT count(*) FROM {table} WHERE submission_id = $1", item);

    [Fact]
    public async Task A_co_authored_item_adopted_at_two_levels_is_a_fact_per_author_and_level_before_any_submission_arrives()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (lead, co) = (await TalentKit.PersonAsync(client, "张明"), await TalentKit.PersonAsync(client, "李华"));
        var (item, unit) = (Guid.NewGuid(), Guid.NewGuid());

        await FeedAsync(tenant, Adopted(item, unit, AdoptionLevel.OwnBody, lead, co));
        await FeedAsync(tenant, Adopted(item, unit, AdoptionLevel.ParentBody, lead, co));

        Assert.Equal(4, await CountAsync(factory.ConnectionString, "record_adoptions", item));
        foreach (var person in new[] { lead, co })
        {
            var record = await client.GetAsync($"/persons/{person}/record?year=2026").OkAsync();
            var levels = record.GetProperty("adoptedByLevel");
            Assert.Equal((1, 1, 1), (record.GetProperty("adopted").GetProperty("done").GetInt32(),
                levels.GetProperty("own-body").GetInt32(), levels.GetProperty("parent-body").GetInt32()));
        }
    }

    [Fact]
    public async Task An_adoption_redelivered_or_republished_adds_no_fact()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (lead, co) = (await TalentKit.PersonAsync(client, "张明"), await TalentKit.PersonAsync(client, "李华"));
        var (item, unit) = (Guid.NewGuid(), Guid.NewGuid());
        var adopted = Adopted(item, unit, AdoptionLevel.OwnBody, lead, co);
        var fed = await FeedAsync(tenant, adopted);
        var before = (await client.GetAsync($"/persons/{co}/record?year=2026").OkAsync()).ToString();

        await _feeder.WaitConsumedAsync(await _feeder.RedeliverAsync(fed), Group);
        await FeedAsync(tenant, adopted);

        Assert.Equal(2, await CountAsync(factory.ConnectionString, "record_adoptions", item));
        Assert.Equal(before, (await client.GetAsync($"/persons/{co}/record?year=2026").OkAsync()).ToString());
    }

    [Fact]
    public async Task A_forwarded_copy_adopted_is_nobodys_fact()
    {
        var tenant = Tenants.New();
        var copy = Guid.NewGuid();

        await FeedAsync(tenant, new SubmissionAdopted(copy, Guid.NewGuid(), AdoptionLevel.ParentBody, Guid.Empty, Guid.Empty, June2026, 2, [], []));

        Assert.Equal(0, await CountAsync(factory.ConnectionString, "record_adoptions", copy));
    }

    [Fact]
    public async Task Each_instruction_is_a_fact_of_every_author_with_its_level_in_words()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (lead, co) = (await TalentKit.PersonAsync(client, "张明"), await TalentKit.PersonAsync(client, "李华"));
        var (item, unit) = (Guid.NewGuid(), Guid.NewGuid());
        var levels = Enum.GetValues<InstructionLevel>();
        var given = levels.Select((level, i) => Instruction(item, unit, level, new DateOnly(2026, 6, 10 + i), lead, co)).ToList();

        foreach (var instruction in given) await FeedAsync(tenant, instruction);

        var record = await client.GetAsync($"/persons/{co}/record?year=2026").OkAsync();
        Assert.Equal(4, record.GetProperty("instructions").GetInt32());
        var byLevel = record.GetProperty("instructionsByLevel");
        Assert.All(["district", "municipal", "provincial", "national"], level => Assert.Equal(1, byLevel.GetProperty(level).GetInt32()));
        var list = record.GetProperty("instructionList").EnumerateArray().ToList();
        Assert.Equal(["国家级领导批示", "省部级领导批示", "市级领导批示", "区级领导批示"], list.Select(i => i.GetProperty("levelLabel").GetString())); // latest first
        var municipal = list[2];
        Assert.Equal((given[1].InstructionId, item, "municipal", "市委副书记", "肯定性", "2026-06-11", "请市民政局研究落实", 0.5m),
            (municipal.GetProperty("instructionId").GetGuid(), municipal.GetProperty("submissionId").GetGuid(), municipal.GetProperty("level").GetString(),
                municipal.GetProperty("leaderTitle").GetString(), municipal.GetProperty("nature").GetString(), municipal.GetProperty("instructedOn").GetString(),
                municipal.GetProperty("summary").GetString(), municipal.GetProperty("share").GetDecimal()));
        Assert.Equal(4, (await client.GetAsync($"/persons/{lead}/record?year=2026").OkAsync()).GetProperty("instructions").GetInt32());
    }

    [Fact]
    public async Task An_instruction_redelivered_or_republished_counts_once_in_the_year_it_was_given()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (lead, co) = (await TalentKit.PersonAsync(client, "张明"), await TalentKit.PersonAsync(client, "李华"));
        var (item, unit) = (Guid.NewGuid(), Guid.NewGuid());
        var instruction = Instruction(item, unit, InstructionLevel.Provincial, new DateOnly(2025, 12, 30), lead, co); // recorded in 2026
        var fed = await FeedAsync(tenant, instruction);

        await _feeder.WaitConsumedAsync(await _feeder.RedeliverAsync(fed), Group);
        await FeedAsync(tenant, instruction);

        Assert.Equal(2, await CountAsync(factory.ConnectionString, "record_instructions", item));
        var lastYear = await client.GetAsync($"/persons/{co}/record?year=2025").OkAsync();
        Assert.Equal((1, 1), (lastYear.GetProperty("instructions").GetInt32(), lastYear.GetProperty("instructionsByLevel").GetProperty("provincial").GetInt32()));
        Assert.Equal(0, (await client.GetAsync($"/persons/{co}/record?year=2026").OkAsync()).GetProperty("instructions").GetInt32());
    }
}
