using System.Text.Json;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Tests;

/// <summary>履职档案's training: a row per event, session and person, so a longer event's sessions add up while a session
/// recorded again, corrected or arriving out of order counts once, with its latest hours.</summary>
public sealed class MemberRecordTrainingTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private const string Group = ResourceNames.People;
    private static readonly DateTimeOffset Morning = new DateTimeOffset(2026, 11, 14, 9, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);

    private async Task FeedAsync(string tenant, params AttendanceRecorded[] events)
    {
        foreach (var e in events) await _feeder.WaitConsumedAsync(await _feeder.PublishAsync(tenant, e), Group);
    }

    private static AttendanceRecorded Attended(Guid training, Guid person, decimal hours, Guid? session, int day = 0) =>
        new(training, person, hours, Morning.AddDays(day), "expert-lecture", session);

    private static async Task<JsonElement> RecordAsync(HttpClient client, Guid person) =>
        await client.GetAsync($"/persons/{person}/record?year=2026").OkAsync();

    private static (decimal Hours, int Events, int Sessions) Training(JsonElement record) => (record.GetProperty("trainingHours").GetDecimal(),
        record.GetProperty("trainingsAttended").GetInt32(), record.GetProperty("trainingSessions").GetInt32());

    private async Task<(string Tenant, HttpClient Client, Guid Person)> PersonAsync()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        return (tenant, client, await TalentKit.PersonAsync(client, "张明"));
    }

    [Fact]
    public async Task Two_sessions_of_an_event_add_up_and_the_event_counts_once()
    {
        var (tenant, client, person) = await PersonAsync();
        var (training, one, two) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        await FeedAsync(tenant, Attended(training, person, 3m, one), Attended(training, person, 2.5m, two, day: 1));

        var record = await RecordAsync(client, person);
        Assert.Equal((5.5m, 1, 2), Training(record));
        var item = Assert.Single(record.GetProperty("trainingList").EnumerateArray());
        Assert.Equal((training, 5.5m, 2, Morning.AddDays(1)), (item.GetProperty("trainingEventId").GetGuid(), item.GetProperty("hours").GetDecimal(),
            item.GetProperty("sessions").GetInt32(), item.GetProperty("lastAttendedAt").GetDateTimeOffset()));
    }

    [Fact]
    public async Task A_session_recorded_again_or_redelivered_counts_once()
    {
        var (tenant, client, person) = await PersonAsync();
        var (training, one, two) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var first = Attended(training, person, 3m, one);
        var fed = await _feeder.PublishAsync(tenant, first);
        await _feeder.WaitConsumedAsync(fed, Group);
        await _feeder.WaitConsumedAsync(await _feeder.RedeliverAsync(fed), Group);
        await FeedAsync(tenant, first, Attended(training, person, 2m, two), first); // republished under new event ids

        Assert.Equal((5m, 1, 2), Training(await RecordAsync(client, person)));
        Assert.Equal(2, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM record_trainings WHERE training_event_id = $1", training));
    }

    [Fact]
    public async Task A_corrected_session_replaces_its_hours()
    {
        var (tenant, client, person) = await PersonAsync();
        var (training, one, two) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await FeedAsync(tenant, Attended(training, person, 3m, one), Attended(training, person, 2m, two));

        await FeedAsync(tenant, Attended(training, person, 1.5m, one)); // staff corrected the first session's hours

        Assert.Equal((3.5m, 1, 2), Training(await RecordAsync(client, person)));
    }

    [Fact]
    public async Task Sessions_in_any_order_give_the_same_record_and_supersede_a_whole_event_row_kept_from_before()
    {
        var (tenant, client, person) = await PersonAsync();
        var (training, one, two, three) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        // A row from before sessions were recorded held only the last session's hours, for the whole event.
        await FeedAsync(tenant, Attended(training, person, 2m, null, day: 2));
        await FeedAsync(tenant, Attended(training, person, 2m, three, day: 2), Attended(training, person, 3m, one), Attended(training, person, 1m, two, day: 1));
        await FeedAsync(tenant, Attended(training, person, 2m, null, day: 2)); // the old-style event again, late

        var (other, otherClient, otherPerson) = await PersonAsync();
        await FeedAsync(other, Attended(training, otherPerson, 1m, two, day: 1), Attended(training, otherPerson, 3m, one), Attended(training, otherPerson, 2m, three, day: 2));

        Assert.Equal((6m, 1, 3), Training(await RecordAsync(client, person)));
        Assert.Equal((6m, 1, 3), Training(await RecordAsync(otherClient, otherPerson)));
        Assert.Equal(0, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM record_trainings WHERE training_event_id = $1 AND session_id = $2", training, Guid.Empty));
    }

    [Fact]
    public async Task A_one_sitting_event_counts_per_event_as_before()
    {
        var (tenant, client, person) = await PersonAsync();
        var (lecture, visit) = (Guid.NewGuid(), Guid.NewGuid());
        await FeedAsync(tenant, Attended(lecture, person, 2m, null), Attended(visit, person, 3m, null, day: 1), Attended(lecture, person, 2.5m, null));

        var record = await RecordAsync(client, person);
        Assert.Equal((5.5m, 2, 2), Training(record));
        Assert.Equal([visit, lecture], record.GetProperty("trainingList").EnumerateArray().Select(t => t.GetProperty("trainingEventId").GetGuid()).ToArray());
    }
}
