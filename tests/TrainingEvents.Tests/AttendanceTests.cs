using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;
using StackExchange.Redis;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>签到: recording attendance, its AttendanceRecorded event, and the rules that refuse a check-in.</summary>
public sealed class AttendanceTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private async Task<HttpResponseMessage> ChangesNothingAsync(Func<Task<HttpResponseMessage>> call)
    {
        var before = await TrainingDb.CountsAsync(factory.ConnectionString);
        var response = await call();
        Assert.Equal(before, await TrainingDb.CountsAsync(factory.ConnectionString));
        return response;
    }

    [Fact]
    public async Task Checking_in_records_the_attendance_with_default_hours()
    {
        var client = factory.ClientFor(Tenants.New());
        var eventId = await TrainingApi.ScheduleIdAsync(client);
        var personId = Guid.NewGuid();

        var response = await TrainingApi.CheckInAsync(client, eventId, personId);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/events/{eventId}/attendance/{personId}", response.Headers.Location?.OriginalString);
        var attendance = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(eventId, attendance.GetProperty("trainingEventId").GetGuid());
        Assert.Equal(personId, attendance.GetProperty("personId").GetGuid());
        Assert.Equal(2m, attendance.GetProperty("hours").GetDecimal());
        Assert.InRange(attendance.GetProperty("checkedInAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(1, (await TrainingApi.GetAsync(client, eventId)).GetProperty("attended").GetInt32());
    }

    [Fact]
    public async Task Checking_in_writes_an_AttendanceRecorded_event_for_the_tenant_with_the_hours()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var eventId = await TrainingApi.ScheduleIdAsync(client);
        var personId = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(client, eventId, personId, 3.5m)).StatusCode);

        var row = Assert.Single(await TrainingDb.AttendanceEventsAsync(factory.ConnectionString, eventId));
        Assert.Equal(tenant, row.TenantId);
        var payload = JsonDocument.Parse(row.Payload).RootElement;
        Assert.Equal(personId, payload.GetProperty("personId").GetGuid());
        Assert.Equal(3.5m, payload.GetProperty("hours").GetDecimal());
        Assert.Equal("expert-lecture", payload.GetProperty("kind").GetString());
        // One sitting: credited per event, as before sessions existed (no sessionId).
        Assert.False(payload.TryGetProperty("sessionId", out var session) && session.ValueKind != JsonValueKind.Null, "a one-sitting event names no session");
        Assert.Equal(3.5m, await TestDb.ScalarAsync<decimal>(factory.ConnectionString,
            "SELECT hours FROM attendances WHERE training_event_id = $1 AND person_id = $2", eventId, personId));
    }

    [Fact]
    public async Task The_relay_publishes_AttendanceRecorded_to_its_Redis_stream()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var eventId = await TrainingApi.ScheduleIdAsync(client);
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(client, eventId, Guid.NewGuid())).StatusCode);

        var row = await Eventually.GetAsync(
            async () => Assert.Single(await TrainingDb.AttendanceEventsAsync(factory.ConnectionString, eventId)),
            r => r.PublishedAt is not null, what: "AttendanceRecorded published");

        using var redis = await ConnectionMultiplexer.ConnectAsync(TestStores.Redis);
        var entries = await redis.GetDatabase().StreamRangeAsync($"{factory.RedisPrefix}:events:AttendanceRecorded");
        var entry = Assert.Single(entries, e => e["id"] == row.Id.ToString());
        Assert.Equal(tenant, entry["tenant"].ToString());
    }

    [Fact]
    public async Task Checking_in_twice_is_a_conflict_and_writes_nothing_more()
    {
        var client = factory.ClientFor(Tenants.New());
        var eventId = await TrainingApi.ScheduleIdAsync(client);
        var personId = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(client, eventId, personId)).StatusCode);

        var response = await ChangesNothingAsync(() => TrainingApi.CheckInAsync(client, eventId, personId, 5m));

        Assert.Equal("already-checked-in", (await response.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(1, await TrainingDb.AttendancesOfAsync(factory.ConnectionString, eventId));
        Assert.Single(await TrainingDb.AttendanceEventsAsync(factory.ConnectionString, eventId));
    }

    [Fact]
    public async Task Concurrent_check_ins_of_one_person_record_one_attendance()
    {
        var client = factory.ClientFor(Tenants.New());
        var eventId = await TrainingApi.ScheduleIdAsync(client);
        var personId = Guid.NewGuid();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => TrainingApi.CheckInAsync(client, eventId, personId)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await TrainingDb.AttendancesOfAsync(factory.ConnectionString, eventId));
        Assert.Single(await TrainingDb.AttendanceEventsAsync(factory.ConnectionString, eventId));
    }

    [Fact]
    public async Task A_full_event_refuses_the_next_person()
    {
        var client = factory.ClientFor(Tenants.New());
        var eventId = await TrainingApi.ScheduleIdAsync(client, TrainingApi.NewEvent(capacity: 2));
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(client, eventId, Guid.NewGuid())).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(client, eventId, Guid.NewGuid())).StatusCode);

        var response = await ChangesNothingAsync(() => TrainingApi.CheckInAsync(client, eventId, Guid.NewGuid()));

        Assert.Equal("capacity-reached", (await response.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(2, (await TrainingApi.GetAsync(client, eventId)).GetProperty("attended").GetInt32());
        Assert.Equal(2, (await TrainingDb.AttendanceEventsAsync(factory.ConnectionString, eventId)).Count);
    }

    /// <summary>Guards a fixed bug: the capacity check counts, then inserts, with nothing serialising check-ins of one
    /// event, so concurrent check-ins all see room and the event ends up over capacity.</summary>
    [Fact]
    public async Task Concurrent_check_ins_never_exceed_the_capacity()
    {
        var client = factory.ClientFor(Tenants.New());
        for (var round = 0; round < 5; round++)
        {
            var eventId = await TrainingApi.ScheduleIdAsync(client, TrainingApi.NewEvent(capacity: 1));

            var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => TrainingApi.CheckInAsync(client, eventId, Guid.NewGuid())));

            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            var recorded = await TrainingDb.AttendancesOfAsync(factory.ConnectionString, eventId);
            Assert.True(recorded == 1 && statuses.Count(s => s == 201) == 1,
                $"round {round}: {recorded} attendances for capacity 1; statuses {string.Join(",", statuses)}");
        }
    }

    [Fact]
    public async Task Checking_in_to_an_unknown_event_is_not_found()
    {
        var client = factory.ClientFor(Tenants.New());

        var response = await ChangesNothingAsync(() => TrainingApi.CheckInAsync(client, Guid.NewGuid(), Guid.NewGuid()));

        Assert.Equal("not-found", (await response.ReadProblemAsync(404)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_check_in_without_a_person_is_a_validation_problem()
    {
        var client = factory.ClientFor(Tenants.New());
        var eventId = await TrainingApi.ScheduleIdAsync(client);

        var response = await ChangesNothingAsync(() => client.PostAsJsonAsync($"{TrainingApi.Path}/{eventId}/attendance", new { hours = 2 }));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.Equal(["personId"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("24.5")]
    public async Task Hours_outside_zero_to_twenty_four_are_rejected(string hours)
    {
        var client = factory.ClientFor(Tenants.New());
        var eventId = await TrainingApi.ScheduleIdAsync(client);

        var response = await ChangesNothingAsync(() => TrainingApi.CheckInAsync(client, eventId, Guid.NewGuid(), decimal.Parse(hours)));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal(["hours"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Twenty_four_hours_is_the_most_one_check_in_earns()
    {
        var client = factory.ClientFor(Tenants.New());
        var eventId = await TrainingApi.ScheduleIdAsync(client);

        var response = await TrainingApi.CheckInAsync(client, eventId, Guid.NewGuid(), 24m);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(24m, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hours").GetDecimal());
    }
}
