using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Tests;

/// <summary>履职档案 of co-authored items: every author named by SubmissionSubmitted gets the item (with order and
/// share), the newest submission's author list wins in any order of arrival, and a unit counts the item once.</summary>
public sealed class MemberRecordCoAuthorTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private const string Group = ResourceNames.People;
    private static readonly DateTimeOffset June2026 = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);

    private async Task FeedAsync(string tenant, params object[] events)
    {
        foreach (var e in events)
        {
            var fed = e switch
            {
                SubmissionSubmitted s => await _feeder.PublishAsync(tenant, s),
                SubmissionAdopted a => await _feeder.PublishAsync(tenant, a),
                _ => throw new ArgumentException(e.GetType().Name),
            };
            await _feeder.WaitConsumedAsync(fed, Group);
        }
    }

    private static SubmissionSubmitted Submitted(Guid item, Guid unit, DateTimeOffset at, int sequence, params Guid[] authors) =>
        new(item, "关于老旧小区加装电梯的建议", authors[0], unit, at,
            authors.Select((p, i) => new AuthorShare(p, i + 1, Math.Round(1m / authors.Length, 4))).ToList(), [new UnitShare(unit, 1m)],
            Sequence: sequence);

    private async Task<List<(Guid Person, int Order, decimal Share, DateTime SubmittedAt)>> RowsAsync(Guid item)
    {
        await using var connection = new Npgsql.NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT person_id, author_order, share, submitted_at FROM record_submissions WHERE submission_id = $1 ORDER BY author_order", connection);
        command.Parameters.Add(new() { Value = item });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(Guid, int, decimal, DateTime)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetDecimal(2), reader.GetDateTime(3).ToUniversalTime()));
        return rows;
    }

    private static async Task<(int Submitted, int Adopted, int OwnBody)> RecordAsync(HttpClient client, Guid person)
    {
        var record = await client.GetAsync($"/persons/{person}/record?year=2026").OkAsync();
        return (record.GetProperty("submitted").GetProperty("done").GetInt32(), record.GetProperty("adopted").GetProperty("done").GetInt32(),
            record.GetProperty("adoptedByLevel").TryGetProperty("own-body", out var own) ? own.GetInt32() : 0);
    }

    [Fact]
    public async Task Every_author_gets_the_item_with_order_and_share_and_its_adoption()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (lead, co) = (await TalentKit.PersonAsync(client, "张明"), await TalentKit.PersonAsync(client, "李华"));
        var (item, unit) = (Guid.NewGuid(), Guid.NewGuid());

        await FeedAsync(tenant, Submitted(item, unit, June2026, 1, lead, co),
            new SubmissionAdopted(item, Guid.NewGuid(), AdoptionLevel.OwnBody, lead, unit, June2026.AddDays(3), 3));

        Assert.Equal([(lead, 1, 0.5m, June2026.UtcDateTime), (co, 2, 0.5m, June2026.UtcDateTime)], await RowsAsync(item));
        Assert.Equal((1, 1, 1), await RecordAsync(client, lead));
        Assert.Equal((1, 1, 1), await RecordAsync(client, co)); // SubmissionAdopted names only the lead
    }

    [Fact]
    public async Task An_adoption_arriving_before_the_submission_still_credits_the_co_author()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (lead, co) = (await TalentKit.PersonAsync(client, "张明"), await TalentKit.PersonAsync(client, "李华"));
        var (item, unit) = (Guid.NewGuid(), Guid.NewGuid());

        await FeedAsync(tenant, new SubmissionAdopted(item, Guid.NewGuid(), AdoptionLevel.OwnBody, lead, unit, June2026.AddDays(3), 3));
        Assert.Equal((0, 0, 0), await RecordAsync(client, co));
        await FeedAsync(tenant, Submitted(item, unit, June2026, 1, lead, co));

        Assert.Equal((1, 1, 1), await RecordAsync(client, co));
    }

    [Fact]
    public async Task The_newest_author_list_wins_in_any_order_and_replays_change_nothing()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (a, b, c) = (await TalentKit.PersonAsync(client, "张明"), await TalentKit.PersonAsync(client, "李华"), await TalentKit.PersonAsync(client, "王芳"));
        var unit = Guid.NewGuid();
        var (inOrder, reversed) = (Guid.NewGuid(), Guid.NewGuid());
        var later = June2026.AddDays(10);

        // One item in order (first submission by a and b; after a return, resubmitted by a and c) ...
        await FeedAsync(tenant, Submitted(inOrder, unit, June2026, 1, a, b), Submitted(inOrder, unit, later, 4, a, c));
        // ... the other the newest first, then the older, then the newest again (a republish under a new event id).
        var newest = Submitted(reversed, unit, later, 4, a, c);
        await FeedAsync(tenant, newest, Submitted(reversed, unit, June2026, 1, a, b), newest);
        var redelivered = await _feeder.RedeliverAsync(await _feeder.PublishAsync(tenant, Submitted(reversed, unit, June2026, 1, a, b)));
        await _feeder.WaitConsumedAsync(redelivered, Group);

        List<(Guid, int, decimal, DateTime)> expected(Guid _) => [(a, 1, 0.5m, June2026.UtcDateTime), (c, 2, 0.5m, June2026.UtcDateTime)];
        Assert.Equal(expected(inOrder), await RowsAsync(inOrder));
        Assert.Equal(expected(reversed), await RowsAsync(reversed));
        Assert.Equal((2, 0, 0), await RecordAsync(client, a));
        Assert.Equal((0, 0, 0), await RecordAsync(client, b));
        Assert.Equal((2, 0, 0), await RecordAsync(client, c));
    }

    [Fact]
    public async Task An_event_without_authors_credits_the_lead_alone()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var lead = await TalentKit.PersonAsync(client, "张明");
        var item = Guid.NewGuid();

        await FeedAsync(tenant, new SubmissionSubmitted(item, "旧格式的事件", lead, Guid.NewGuid(), June2026));

        Assert.Equal([(lead, 1, 1m, June2026.UtcDateTime)], await RowsAsync(item));
        Assert.Equal((1, 0, 0), await RecordAsync(client, lead));
    }

    [Fact]
    public async Task A_unit_counts_a_co_authored_item_once()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var unit = await PeopleApi.CreateUnitIdAsync(client);
        var (lead, co) = (await TalentKit.PersonAsync(client, "张明"), await TalentKit.PersonAsync(client, "李华"));
        await TalentKit.PutAsync(client, $"/targets/2026/units/{unit}", new { submitted = 10, adopted = 2 }, "\"0\"").OkAsync();
        var item = Guid.NewGuid();

        await FeedAsync(tenant, Submitted(item, unit, June2026, 1, lead, co),
            new SubmissionAdopted(item, Guid.NewGuid(), AdoptionLevel.OwnBody, lead, unit, June2026.AddDays(3), 3));

        var row = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/targets/2026?scope=units")).GetProperty("items").EnumerateArray());
        Assert.Equal((1, 1), (row.GetProperty("submitted").GetProperty("done").GetInt32(), row.GetProperty("adopted").GetProperty("done").GetInt32()));
    }
}
