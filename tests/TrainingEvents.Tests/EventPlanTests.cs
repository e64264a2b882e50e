using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>An event's plan (sessions, speakers, audience, window, materials), its edits and its states.</summary>
public sealed class EventPlanTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    [Fact]
    public async Task A_planned_trip_keeps_its_sessions_speakers_audience_and_materials()
    {
        var staff = factory.ClientFor(Tenants.New());
        var unit = Guid.NewGuid();
        var day1 = new DateTimeOffset(2026, 12, 14, 1, 0, 0, TimeSpan.Zero);
        var plan = TrainingSteps.Trip(day1);
        plan["organiserUnitId"] = unit;
        plan["coOrganiserUnitIds"] = new[] { Guid.NewGuid() };
        plan["speakers"] = new object[] { new { name = "李老师", title = "副教授", organisation = "南京大学" }, new { name = "张主任", personId = Guid.NewGuid() } };
        plan["audience"] = "units";
        plan["audienceUnitIds"] = new[] { unit };
        plan["capacity"] = 20;
        plan["registrationOpensAt"] = day1.AddDays(-10);
        plan["registrationClosesAt"] = day1.AddDays(-1);
        plan["materials"] = new[] { new { title = "培训手册", url = "https://example.org/handbook.pdf" } };

        var created = await TrainingApi.ScheduleAsync(staff, plan);

        Assert.Equal("planned", created.GetProperty("status").GetString());
        Assert.Equal("走出去·外出培训", created.GetProperty("kindName").GetString());
        Assert.Equal(day1, created.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(day1.AddDays(1).AddHours(6), created.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal([3m, 4m], created.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("hours").GetDecimal()));
        Assert.Equal(7m, created.GetProperty("totalHours").GetDecimal());
        Assert.Equal(["李老师", "张主任"], created.GetProperty("speakers").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal("南京大学", created.GetProperty("speakers")[0].GetProperty("organisation").GetString());
        Assert.Equal("units", created.GetProperty("audience").GetString());
        Assert.Equal([unit], created.GetProperty("audienceUnitIds").EnumerateArray().Select(u => u.GetGuid()));
        Assert.Equal("https://example.org/handbook.pdf", created.GetProperty("materials")[0].GetProperty("url").GetString());
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(2L, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM training_sessions WHERE training_event_id = $1", id));
    }

    [Fact]
    public async Task An_event_moves_planned_open_closed_held_archived_and_refuses_a_jump()
    {
        var staff = factory.ClientFor(Tenants.New());
        var id = await TrainingApi.ScheduleIdAsync(staff);

        var refused = await TrainingSteps.PostWithETagAsync(staff, id, "archive");
        Assert.Equal("invalid-status", (await refused.ReadProblemAsync(409)).GetProperty("code").GetString());

        foreach (var (action, status) in new[] { ("open", "open"), ("close", "closed"), ("held", "held"), ("archive", "archived") })
        {
            var response = await TrainingSteps.PostWithETagAsync(staff, id, action);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(status, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }
        Assert.Equal("已归档", (await TrainingApi.GetAsync(staff, id)).GetProperty("statusName").GetString());
    }

    [Fact]
    public async Task A_status_change_needs_the_current_etag()
    {
        var staff = factory.ClientFor(Tenants.New());
        var id = await TrainingApi.ScheduleIdAsync(staff);
        var stale = await TrainingSteps.ETagAsync(staff, id);
        Assert.Equal(HttpStatusCode.OK, (await TrainingSteps.PostWithETagAsync(staff, id, "open")).StatusCode);

        var missing = await staff.PostAsJsonAsync($"/events/{id}/close", new { });
        Assert.Equal("precondition-required", (await missing.ReadProblemAsync(428)).GetProperty("code").GetString());
        var request = new HttpRequestMessage(HttpMethod.Post, $"/events/{id}/close") { Content = JsonContent.Create(new { }) };
        request.Headers.TryAddWithoutValidation("If-Match", stale);
        Assert.Equal("precondition-failed", (await (await staff.SendAsync(request)).ReadProblemAsync(412)).GetProperty("code").GetString());
        Assert.Equal("open", (await TrainingApi.GetAsync(staff, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Moving_an_event_with_registrants_tells_them_and_a_title_change_does_not()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var (id, _) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture(startedMinutesAgo: -600));
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await TrainingSteps.RegisteredStatusAsync(staff, id, a);
        await TrainingSteps.RegisteredStatusAsync(staff, id, b);

        var renamed = TrainingSteps.Lecture(startedMinutesAgo: -600, title: "新标题");
        renamed["sessions"] = (await TrainingApi.GetAsync(staff, id)).GetProperty("sessions").EnumerateArray()
            .Select(s => new { startsAt = s.GetProperty("startsAt").GetDateTimeOffset(), endsAt = s.GetProperty("endsAt").GetDateTimeOffset(), hours = 3m }).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await TrainingSteps.PutAsync(staff, id, renamed)).StatusCode);
        Assert.Empty(await TestDb.OutboxAsync(factory.ConnectionString, "type = 'TrainingEventChanged' AND payload->>'trainingEventId' = $1", id.ToString()));

        var moved = TrainingSteps.Lecture(startedMinutesAgo: -600, title: "新标题");
        moved["place"] = "区政协二楼";
        var response = await TrainingSteps.PutAsync(staff, id, moved);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("区政协二楼", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("place").GetString());
        var row = Assert.Single(await TestDb.OutboxAsync(factory.ConnectionString, "type = 'TrainingEventChanged' AND payload->>'trainingEventId' = $1", id.ToString()));
        Assert.Equal(tenant, row.TenantId);
        var payload = JsonDocument.Parse(row.Payload).RootElement;
        Assert.Equal("区政协二楼", payload.GetProperty("place").GetString());
        Assert.Equal(new[] { a, b }.Order(), payload.GetProperty("registrants").EnumerateArray().Select(p => p.GetGuid()).Order());
    }

    [Fact]
    public async Task Cancelling_needs_a_reason_and_tells_the_registrants()
    {
        var staff = factory.ClientFor(Tenants.New());
        var (id, _) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture(startedMinutesAgo: -600));
        var person = Guid.NewGuid();
        await TrainingSteps.RegisteredStatusAsync(staff, id, person);

        var noReason = await TrainingSteps.PostWithETagAsync(staff, id, "cancel", new { reason = " " });
        Assert.Equal(["reason"], (await noReason.ReadProblemAsync(400)).GetProperty("errors").EnumerateObject().Select(e => e.Name));

        var cancelled = await TrainingSteps.PostWithETagAsync(staff, id, "cancel", new { reason = "专家行程冲突" });

        var view = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("cancelled", "专家行程冲突"), (view.GetProperty("status").GetString(), view.GetProperty("cancelReason").GetString()));
        var row = Assert.Single(await TestDb.OutboxAsync(factory.ConnectionString, "type = 'TrainingEventCancelled' AND payload->>'trainingEventId' = $1", id.ToString()));
        var payload = JsonDocument.Parse(row.Payload).RootElement;
        Assert.Equal([person], payload.GetProperty("registrants").EnumerateArray().Select(p => p.GetGuid()));
        Assert.Equal("专家行程冲突", payload.GetProperty("reason").GetString());
        Assert.Equal("registration-closed", (await (await TrainingSteps.RegisterAsync(staff, id, Guid.NewGuid())).ReadProblemAsync(409)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_held_event_cannot_be_edited()
    {
        var staff = factory.ClientFor(Tenants.New());
        var id = await TrainingApi.ScheduleIdAsync(staff);
        Assert.Equal(HttpStatusCode.OK, (await TrainingSteps.PostWithETagAsync(staff, id, "held")).StatusCode);

        var response = await TrainingSteps.PutAsync(staff, id, TrainingApi.NewEvent("改名"));

        Assert.Equal("event-not-editable", (await response.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal("信息写作专题讲座", (await TrainingApi.GetAsync(staff, id)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_calendar_shows_a_month_filtered_by_kind_unit_and_audience()
    {
        var staff = factory.ClientFor(Tenants.New());
        var unit = Guid.NewGuid();
        var december = new DateTimeOffset(2026, 12, 31, 10, 0, 0, TimeSpan.FromHours(8));
        var trip = TrainingSteps.Trip(december); // runs 31 Dec and 1 Jan
        trip["organiserUnitId"] = unit;
        var tripId = await TrainingApi.ScheduleIdAsync(staff, trip);
        var lecture = TrainingApi.NewEvent("十二月讲座");
        lecture["audience"] = "person-kinds";
        lecture["audiencePersonKinds"] = new[] { "member" };
        var lectureId = await TrainingApi.ScheduleIdAsync(staff, lecture);
        var november = TrainingApi.NewEvent("十一月讲座");
        november["startsAt"] = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(8));
        await TrainingApi.ScheduleIdAsync(staff, november);

        async Task<List<Guid>> Ids(string query) => [.. (await staff.GetFromJsonAsync<JsonElement>($"/calendar?{query}"))
            .GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetGuid())];

        Assert.Equal([lectureId, tripId], await Ids("month=2026-12"));
        Assert.Equal([tripId], await Ids("month=2027-01"));
        Assert.Equal([tripId], await Ids("month=2026-12&kind=external-training"));
        Assert.Equal([tripId], await Ids($"month=2026-12&unitId={unit}"));
        Assert.Equal([lectureId], await Ids("month=2026-12&audience=person-kinds"));
        var days = (await staff.GetFromJsonAsync<JsonElement>("/calendar?month=2027-01")).GetProperty("entries")[0].GetProperty("days");
        Assert.Equal(["2027-01-01"], days.EnumerateArray().Select(d => d.GetString()));
    }

    [Theory]
    [InlineData("month=2026-13")]
    [InlineData("month=")]
    [InlineData("month=2026-12&kind=party")]
    [InlineData("month=2026-12&audience=everyone")]
    public async Task A_bad_calendar_query_is_a_validation_problem(string query)
    {
        var response = await factory.ClientFor(Tenants.New()).GetAsync($"/calendar?{query}");
        Assert.Equal("validation-failed", (await response.ReadProblemAsync(400)).GetProperty("code").GetString());
    }
}
