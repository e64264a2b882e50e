using SheqingMinyi.Tests;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>培训与活动: schedule, read and list events.</summary>
public sealed class TrainingEventsApiTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    [Fact]
    public async Task Scheduling_returns_the_event_with_its_kind_in_kebab_case_and_start_in_utc()
    {
        var client = factory.ClientFor(Tenants.New());
        var request = TrainingApi.NewEvent("  信息写作专题讲座 ", capacity: 30);
        request["place"] = " 区政协三楼会议室 ";

        var response = await client.PostAsJsonAsync(TrainingApi.Path, request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/events/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("信息写作专题讲座", created.GetProperty("title").GetString());
        Assert.Equal("expert-lecture", created.GetProperty("kind").GetString());
        var startsAt = created.GetProperty("startsAt").GetDateTimeOffset();
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 1, 30, 0, TimeSpan.Zero), startsAt); // 09:30 +08:00
        Assert.Equal(TimeSpan.Zero, startsAt.Offset);
        Assert.Equal("区政协三楼会议室", created.GetProperty("place").GetString());
        Assert.Equal(30, created.GetProperty("capacity").GetInt32());
        Assert.Equal(0, created.GetProperty("attended").GetInt32());
    }

    [Fact]
    public async Task A_scheduled_event_reads_back_the_same()
    {
        var client = factory.ClientFor(Tenants.New());
        var created = await TrainingApi.ScheduleAsync(client, TrainingApi.NewEvent(capacity: 12));

        var read = await TrainingApi.GetAsync(client, created.GetProperty("id").GetGuid());

        foreach (var field in new[] { "id", "title", "kind", "place" })
            Assert.Equal(created.GetProperty(field).GetString(), read.GetProperty(field).GetString());
        Assert.Equal(created.GetProperty("startsAt").GetDateTimeOffset(), read.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(12, read.GetProperty("capacity").GetInt32());
        Assert.Equal(0, read.GetProperty("attended").GetInt32());
    }

    [Theory]
    [InlineData("grassroots-session")]
    [InlineData("talent-visit")]
    [InlineData("experience-exchange")]
    public async Task Every_kind_is_taken_and_given_back_in_kebab_case(string kind)
    {
        var client = factory.ClientFor(Tenants.New());
        var request = TrainingApi.NewEvent();
        request["kind"] = kind;

        var id = await TrainingApi.ScheduleIdAsync(client, request);

        Assert.Equal(kind, (await TrainingApi.GetAsync(client, id)).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Place_and_capacity_are_optional()
    {
        var client = factory.ClientFor(Tenants.New());
        var request = TrainingApi.NewEvent();
        request.Remove("place");
        request.Remove("capacity");

        var created = await TrainingApi.ScheduleAsync(client, request);

        Assert.False(created.TryGetProperty("place", out _));
        Assert.False(created.TryGetProperty("capacity", out _));
    }

    [Fact]
    public async Task The_list_holds_the_tenants_events_latest_start_first_with_attendance_counts()
    {
        var client = factory.ClientFor(Tenants.New());
        var early = TrainingApi.NewEvent("早场");
        early["startsAt"] = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var late = TrainingApi.NewEvent("晚场");
        late["startsAt"] = new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);
        var earlyId = await TrainingApi.ScheduleIdAsync(client, early);
        var lateId = await TrainingApi.ScheduleIdAsync(client, late);
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(client, earlyId, Guid.NewGuid())).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(client, earlyId, Guid.NewGuid())).StatusCode);

        var list = await client.GetFromJsonAsync<JsonElement>(TrainingApi.Path);

        Assert.Equal([lateId, earlyId], list.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
        Assert.Equal([0, 2], list.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("attended").GetInt32()));
    }

    [Fact]
    public async Task An_unknown_event_is_not_found()
    {
        var unknown = Guid.NewGuid();

        var problem = await (await factory.ClientFor(Tenants.New()).GetAsync($"{TrainingApi.Path}/{unknown}")).ReadProblemAsync(404);

        Assert.Equal("not-found", problem.GetProperty("code").GetString());
        Assert.Contains(unknown.ToString(), problem.GetProperty("detail").GetString());
    }
}
