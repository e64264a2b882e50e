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

    private async Task FeedAsync(string tenant, params object[] events)
    {
        foreach (var e in events)
            await _feeder.WaitConsumedAsync(await (e switch
            {
                AttendanceRecorded recorded => _feeder.PublishAsync(tenant, recorded),
                AttendanceRemoved removed => _feeder.PublishAsync(tenant, removed),
                _ => throw new ArgumentException(e.GetType().Name),
            }), Group);
    }

    private static AttendanceRecorded Attended(Guid training, Guid person, decimal hours, Guid? session, int day = 0) =>
        new(training, person, hours, Morning.AddDays(day), "expert-lecture", session);

    private static AttendanceRecorded Versioned(Guid training, Guid person, decimal hours, Guid? session, int version) =>
        new(training, person, hours, Morning, "expert-lecture", session, version);

    private static AttendanceRemoved Removed(Guid training, Guid person, Guid? session, int version) =>
        new(training, person, session, Morning.AddHours(1), "签错了人", version);

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

    [Fact]
    public async Task A_removed_check_in_leaves_the_record_and_a_later_check_in_credits_again()
    {
        var (tenant, client, person) = await PersonAsync();
        var (training, one, two) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await FeedAsync(tenant, Versioned(training, person, 3m, one, 1), Versioned(training, person, 2m, two, 2));

        await FeedAsync(tenant, Removed(training, person, one, 3));
        Assert.Equal((2m, 1, 1), Training(await RecordAsync(client, person)));

        await FeedAsync(tenant, Removed(training, person, two, 4));
        var record = await RecordAsync(client, person);
        Assert.Equal((0m, 0, 0), Training(record));
        Assert.Empty(record.GetProperty("trainingList").EnumerateArray());

        await FeedAsync(tenant, Versioned(training, person, 2.5m, one, 5)); // checked in again after the removal
        Assert.Equal((2.5m, 1, 1), Training(await RecordAsync(client, person)));
    }

    [Fact]
    public async Task An_older_change_or_a_replay_arriving_late_changes_nothing()
    {
        var (tenant, client, person) = await PersonAsync();
        var (training, one, two) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        // Out of order: the correction (v3) and the removal (v4) arrive before the check-ins they change (v1, v2).
        await FeedAsync(tenant, Versioned(training, person, 1.5m, one, 3), Removed(training, person, two, 4));
        await FeedAsync(tenant, Versioned(training, person, 3m, one, 1), Versioned(training, person, 2m, two, 2));
        Assert.Equal((1.5m, 1, 1), Training(await RecordAsync(client, person)));

        // Replays of every change, and an unversioned check-in from an older producer: nothing moves.
        var removal = Removed(training, person, two, 4);
        var fed = await _feeder.PublishAsync(tenant, removal);
        await _feeder.WaitConsumedAsync(fed, Group);
        await _feeder.WaitConsumedAsync(await _feeder.RedeliverAsync(fed), Group);
        await FeedAsync(tenant, Versioned(training, person, 1.5m, one, 3), Attended(training, person, 4m, two), Attended(training, person, 4m, one));
        Assert.Equal((1.5m, 1, 1), Training(await RecordAsync(client, person)));
        Assert.Equal([(one, 3, false, 1.5m), (two, 4, true, 0m)], await RowsAsync(training, person));
    }

    [Fact]
    public async Task A_removal_of_a_whole_event_check_in_applies_per_event()
    {
        var (tenant, client, person) = await PersonAsync();
        var (lecture, visit) = (Guid.NewGuid(), Guid.NewGuid());
        await FeedAsync(tenant, Versioned(lecture, person, 2m, null, 1), Versioned(visit, person, 3m, null, 1));

        await FeedAsync(tenant, Removed(lecture, person, null, 2), Versioned(lecture, person, 2m, null, 1));

        var record = await RecordAsync(client, person);
        Assert.Equal((3m, 1, 1), Training(record));
        Assert.Equal(visit, Assert.Single(record.GetProperty("trainingList").EnumerateArray()).GetProperty("trainingEventId").GetGuid());
    }

    private async Task<List<(Guid Session, int Version, bool Removed, decimal Hours)>> RowsAsync(Guid training, Guid person)
    {
        await using var connection = new Npgsql.NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT session_id, version, removed, hours FROM record_trainings WHERE training_event_id = $1 AND person_id = $2", connection);
        command.Parameters.Add(new() { Value = training });
        command.Parameters.Add(new() { Value = person });
        var rows = new List<(Guid, int, bool, decimal)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetBoolean(2), reader.GetDecimal(3)));
        return rows.OrderBy(r => r.Item2).ToList();
    }
}
