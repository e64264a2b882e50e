using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Tests;

/// <summary>履职档案: counted from other services' events kept in people's own read model, whatever the transport
/// repeats or reorders; readable by the person and the tenant's staff.</summary>
public sealed class MemberRecordTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private const string Group = ResourceNames.People;
    private static readonly DateTimeOffset November2026 = new DateTimeOffset(2026, 11, 15, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);

    private async Task FeedAsync(string tenant, params object[] events)
    {
        foreach (var e in events)
        {
            var fed = e switch
            {
                SubmissionSubmitted s => await _feeder.PublishAsync(tenant, s),
                SubmissionAdopted a => await _feeder.PublishAsync(tenant, a),
                AttendanceRecorded r => await _feeder.PublishAsync(tenant, r),
                PointsCredited p => await _feeder.PublishAsync(tenant, p),
                PointsRecomputed p => await _feeder.PublishAsync(tenant, p),
                _ => throw new ArgumentException(e.GetType().Name),
            };
            await _feeder.WaitConsumedAsync(fed, Group);
        }
    }

    private static SubmissionSubmitted Submitted(Guid person, Guid item, DateTimeOffset? at = null, Guid? unit = null) =>
        new(item, "关于加强社区养老服务的建议", person, unit ?? Guid.Empty, at ?? November2026);

    private static SubmissionAdopted Adopted(Guid person, Guid item, AdoptionLevel level, DateTimeOffset? at = null, Guid? unit = null) =>
        new(item, Guid.NewGuid(), level, person, unit ?? Guid.Empty, at ?? November2026, 3);

    private static async Task<JsonElement> RecordAsync(HttpClient client, Guid person, int year = 2026) =>
        await client.GetAsync($"/persons/{person}/record?year={year}").OkAsync();

    private static (int, int?) Progress(JsonElement record, string field) => (record.GetProperty(field).GetProperty("done").GetInt32(),
        record.GetProperty(field).TryGetProperty("target", out var t) ? t.GetInt32() : null);

    [Fact]
    public async Task The_record_counts_items_adoptions_by_level_training_and_points_of_the_year()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var person = await TalentKit.PersonAsync(client, "张明");
        var (a, b, old) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        await FeedAsync(tenant, Submitted(person, a), Submitted(person, b), Submitted(person, old, November2026.AddYears(-1)),
            Adopted(person, a, AdoptionLevel.OwnBody), Adopted(person, a, AdoptionLevel.ParentBody), Adopted(person, b, AdoptionLevel.National),
            Submitted(Guid.NewGuid(), Guid.NewGuid()), // someone else's
            new AttendanceRecorded(Guid.NewGuid(), person, 2.5m, November2026), new AttendanceRecorded(Guid.NewGuid(), person, 3m, November2026),
            new PointsCredited(Guid.NewGuid(), person, 1m, "submitted", a, November2026),
            new PointsCredited(Guid.NewGuid(), person, 5m, "adopted-own-body", a, November2026));

        var record = await RecordAsync(client, person);
        Assert.Equal(("张明", 2026), (record.GetProperty("name").GetString(), record.GetProperty("year").GetInt32()));
        Assert.Equal((2, (int?)null), Progress(record, "submitted"));
        Assert.Equal((2, (int?)null), Progress(record, "adopted"));
        var levels = record.GetProperty("adoptedByLevel");
        Assert.Equal((1, 1, 1), (levels.GetProperty("own-body").GetInt32(), levels.GetProperty("parent-body").GetInt32(), levels.GetProperty("national").GetInt32()));
        Assert.False(levels.TryGetProperty("party-centre", out _));
        Assert.Equal((5.5m, 2), (record.GetProperty("trainingHours").GetDecimal(), record.GetProperty("trainingsAttended").GetInt32()));
        Assert.Equal(6m, record.GetProperty("points").GetDecimal());
        Assert.Equal(0, record.GetProperty("instructions").GetInt32());
        Assert.Empty(record.GetProperty("instructionList").EnumerateArray());
        var lastYear = await RecordAsync(client, person, 2025);
        Assert.Equal((1, (int?)null), Progress(lastYear, "submitted"));
        Assert.Equal(0m, lastYear.GetProperty("points").GetDecimal());
    }

    [Fact]
    public async Task The_same_events_again_redelivered_or_republished_count_once()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var person = await TalentKit.PersonAsync(client, "张明");
        var item = Guid.NewGuid();
        var entry = Guid.NewGuid();
        var training = Guid.NewGuid();
        object[] events = [Submitted(person, item), Adopted(person, item, AdoptionLevel.OwnBody),
            new AttendanceRecorded(training, person, 2m, November2026), new PointsCredited(entry, person, 5m, "adopted-own-body", item, November2026)];
        await FeedAsync(tenant, events);
        var before = await RecordAsync(client, person);

        var redelivered = await _feeder.RedeliverAsync(await _feeder.PublishAsync(tenant, Submitted(person, item)));
        await _feeder.WaitConsumedAsync(redelivered, Group);
        await FeedAsync(tenant, events); // the same facts under new event ids (a producer's republish)

        var after = await RecordAsync(client, person);
        Assert.Equal(before.ToString(), after.ToString());
        Assert.Equal((1, (int?)null), Progress(after, "submitted"));
        Assert.Equal((1, (int?)null), Progress(after, "adopted"));
        Assert.Equal((2m, 1, 5m), (after.GetProperty("trainingHours").GetDecimal(), after.GetProperty("trainingsAttended").GetInt32(), after.GetProperty("points").GetDecimal()));
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM record_submissions WHERE submission_id = $1", item));
    }

    [Fact]
    public async Task An_items_events_in_any_order_give_the_same_record_and_its_first_submission_decides_the_year()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var person = await TalentKit.PersonAsync(client, "张明");
        var item = Guid.NewGuid();
        var first = new DateTimeOffset(2025, 12, 20, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
        var resubmitted = new DateTimeOffset(2026, 1, 10, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();

        // Adopted first, then the resubmission, then the original submission: an older event after a newer one.
        await FeedAsync(tenant, Adopted(person, item, AdoptionLevel.OwnBody, resubmitted.AddDays(5)), Submitted(person, item, resubmitted),
            Submitted(person, item, first));

        Assert.Equal((1, (int?)null), Progress(await RecordAsync(client, person, 2025), "submitted"));
        var year2026 = await RecordAsync(client, person, 2026);
        Assert.Equal((0, (int?)null), Progress(year2026, "submitted"));
        Assert.Equal((1, (int?)null), Progress(year2026, "adopted"));
        var kept = await TestDb.ScalarAsync<DateTime>(factory.ConnectionString, "SELECT submitted_at FROM record_submissions WHERE submission_id = $1", item);
        Assert.Equal(first.UtcDateTime, kept.ToUniversalTime());
    }

    [Fact]
    public async Task The_record_shows_the_persons_targets_beside_the_actuals()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var person = await TalentKit.PersonAsync(client, "张明");
        await TalentKit.PutAsync(client, $"/targets/2026/persons/{person}", new { submitted = 6, adopted = 2 }, "\"0\"").OkAsync();
        var item = Guid.NewGuid();

        await FeedAsync(tenant, Submitted(person, item), Adopted(person, item, AdoptionLevel.OwnBody));

        var record = await RecordAsync(client, person);
        Assert.Equal((1, (int?)6), Progress(record, "submitted"));
        Assert.Equal((1, (int?)2), Progress(record, "adopted"));
    }

    [Fact]
    public async Task The_person_and_staff_read_the_record_other_members_get_404()
    {
        var tenant = Tenants.New();
        var admin = factory.ClientFor(tenant);
        var person = await TalentKit.PersonAsync(admin, "张明");
        var other = await TalentKit.PersonAsync(admin, "李华");

        Assert.Equal(HttpStatusCode.OK, (await factory.ClientFor(tenant, ["member"], person).GetAsync($"/persons/{person}/record")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientFor(tenant, ["staff-editor"]).GetAsync($"/persons/{person}/record")).StatusCode);
        var response = await factory.ClientFor(tenant, ["member", "officer"], other).GetAsync($"/persons/{person}/record");
        Assert.Equal("not-found", (await response.ReadProblemAsync(404)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("?year=1999")]
    [InlineData("?year=2101")]
    public async Task A_year_out_of_range_is_a_400(string query)
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await TalentKit.PersonAsync(client, "张明");
        var problem = await (await client.GetAsync($"/persons/{person}/record{query}")).ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("year", out _));
    }

    [Fact]
    public async Task A_rule_changes_recompute_moves_the_points_of_its_year_once_however_often_it_comes()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var person = await TalentKit.PersonAsync(client, "张明");
        var recompute = new PointsRecomputed(Guid.NewGuid(), person, 7.5m, 3, 2, November2026, November2026.AddDays(1));

        await FeedAsync(tenant, new PointsCredited(Guid.NewGuid(), person, 5m, "adopted-own-body", Guid.NewGuid(), November2026));
        var fed = await _feeder.PublishAsync(tenant, recompute);
        await _feeder.WaitConsumedAsync(fed, Group);
        await _feeder.WaitConsumedAsync(await _feeder.RedeliverAsync(fed), Group);
        await FeedAsync(tenant, recompute); // the same recompute under a new event id
        await FeedAsync(tenant, new PointsRecomputed(Guid.NewGuid(), person, -2m, 1, 3, November2026.AddYears(-1), November2026)); // 2025's

        Assert.Equal(12.5m, (await RecordAsync(client, person)).GetProperty("points").GetDecimal());
        Assert.Equal(-2m, (await RecordAsync(client, person, 2025)).GetProperty("points").GetDecimal());
    }

    [Fact]
    public async Task Another_tenants_events_never_reach_the_record()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var person = await TalentKit.PersonAsync(client, "张明");

        await FeedAsync(Tenants.New(), Submitted(person, Guid.NewGuid()), new PointsCredited(Guid.NewGuid(), person, 5m, "submitted", null, November2026));

        var record = await RecordAsync(client, person);
        Assert.Equal((0, (int?)null), Progress(record, "submitted"));
        Assert.Equal(0m, record.GetProperty("points").GetDecimal());
    }
}
