using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>Bad plans (sessions, speakers, audience, window, materials) and bad edits: a problem keyed by field, nothing written.</summary>
public sealed class EventPlanValidationTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private static readonly DateTimeOffset Start = new(2026, 12, 10, 9, 0, 0, TimeSpan.FromHours(8));

    public static TheoryData<string, string> BadPlans => new()
    {
        { """{"sessions":[]}""", "sessions" },
        { """{"sessions":[{"startsAt":"2026-12-10T09:00:00+08:00"}]}""", "sessions[0]" },
        { """{"sessions":[{"startsAt":"2026-12-10T09:00:00+08:00","endsAt":"2026-12-10T08:00:00+08:00"}]}""", "sessions[0]" },
        { """{"sessions":[{"startsAt":"2026-12-10T09:00:00+08:00","endsAt":"2026-12-12T09:00:00+08:00"}]}""", "sessions[0]" },
        { """{"sessions":[{"startsAt":"2026-12-10T09:00:00+08:00","endsAt":"2026-12-10T11:00:00+08:00","hours":30}]}""", "sessions[0]" },
        { """{"startsAt":"2026-12-10T09:00:00+08:00","sessions":[{"startsAt":"2026-12-10T09:00:00+08:00","endsAt":"2026-12-10T11:00:00+08:00"}]}""", "sessions" },
        { """{"startsAt":"2026-12-10T09:00:00+08:00","hours":0}""", "hours" },
        { """{"startsAt":"2026-12-10T09:00:00+08:00","speakers":[{"title":"教授"}]}""", "speakers[0].name" },
        { """{"startsAt":"2026-12-10T09:00:00+08:00","materials":[{"title":"讲义","url":"javascript:alert(1)"}]}""", "materials[0].url" },
        { """{"startsAt":"2026-12-10T09:00:00+08:00","materials":[{"url":"https://example.org/a.pdf"}]}""", "materials[0].title" },
        { """{"startsAt":"2026-12-10T09:00:00+08:00","audience":"units"}""", "audienceUnitIds" },
        { """{"startsAt":"2026-12-10T09:00:00+08:00","audience":"person-kinds","audiencePersonKinds":["alien"]}""", "audiencePersonKinds" },
        { """{"startsAt":"2026-12-10T09:00:00+08:00","coOrganiserUnitIds":["00000000-0000-0000-0000-000000000000"]}""", "coOrganiserUnitIds" },
        { """{"startsAt":"2026-12-10T09:00:00+08:00","registrationOpensAt":"2026-12-05T00:00:00Z","registrationClosesAt":"2026-12-01T00:00:00Z"}""", "registrationClosesAt" },
        { """{"startsAt":"2026-12-10T09:00:00+08:00","registrationClosesAt":"2026-12-20T00:00:00Z"}""", "registrationClosesAt" },
        { """{"startsAt":"2026-12-10T09:00:00+08:00","capacity":100001}""", "capacity" },
    };

    /// <summary>Each bad part of a plan is named; the rest of the body is a valid lecture.</summary>
    [Theory]
    [MemberData(nameof(BadPlans))]
    public async Task A_bad_part_of_a_plan_is_a_validation_problem_keyed_by_it_and_writes_nothing(string part, string field)
    {
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(part)!;
        var request = new Dictionary<string, object?> { ["title"] = "讲座", ["kind"] = "expert-lecture" };
        foreach (var (key, value) in body) request[key] = value;
        var before = await TrainingDb.CountsAsync(factory.ConnectionString);
        var sessions = await TestDb.CountAsync(factory.ConnectionString, "training_sessions");

        var response = await factory.ClientFor(Tenants.New()).PostAsJsonAsync(TrainingApi.Path, request);

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.Contains(field, problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.All(problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray()), m => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", m.GetString()));
        Assert.Equal(before, await TrainingDb.CountsAsync(factory.ConnectionString));
        Assert.Equal(sessions, await TestDb.CountAsync(factory.ConnectionString, "training_sessions"));
    }

    [Fact]
    public async Task A_bad_edit_changes_nothing()
    {
        var staff = factory.ClientFor(Tenants.New());
        var id = await TrainingApi.ScheduleIdAsync(staff);
        var etag = await TrainingSteps.ETagAsync(staff, id);
        var bad = TrainingApi.NewEvent("");

        var response = await TrainingSteps.PutAsync(staff, id, bad, etag);

        Assert.Equal(["title"], (await response.ReadProblemAsync(400)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(etag, await TrainingSteps.ETagAsync(staff, id));
        Assert.Equal("信息写作专题讲座", (await TrainingApi.GetAsync(staff, id)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_edit_that_drops_a_session_with_check_ins_is_refused()
    {
        var staff = factory.ClientFor(Tenants.New());
        var created = await TrainingApi.ScheduleAsync(staff, TrainingSteps.Trip(Start));
        var id = created.GetProperty("id").GetGuid();
        var second = created.GetProperty("sessions")[1].GetProperty("id").GetGuid();
        Assert.Equal(System.Net.HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/events/{id}/attendance", new { personId = Guid.NewGuid(), sessionId = second })).StatusCode);

        var response = await TrainingSteps.PutAsync(staff, id, TrainingSteps.Lecture(startedMinutesAgo: -60));

        Assert.Equal("session-has-attendance", (await response.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(2, (await TrainingApi.GetAsync(staff, id)).GetProperty("sessions").GetArrayLength());
    }
}
