using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>签到撤销: staff take back a wrong check-in with a reason (audited); AttendanceRemoved carries a higher Version
/// than the AttendanceRecorded it takes back, a re-check-in a higher one still; bad input and other tenants change nothing.</summary>
public sealed class AttendanceRemovalTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private static Task<HttpResponseMessage> RemoveAsync(HttpClient client, Guid id, object body) => client.PostAsJsonAsync($"/events/{id}/attendance/remove", body);

    [Fact]
    public async Task Staff_remove_a_wrong_check_in_and_the_events_carry_rising_versions()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var id = await TrainingApi.ScheduleIdAsync(staff, TrainingSteps.Lecture());
        var person = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(staff, id, person)).StatusCode);

        var removed = await RemoveAsync(staff, id, new { personId = person, reason = "误签：本人未到场" });

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(0L, await TrainingDb.AttendancesOfAsync(factory.ConnectionString, id));
        Assert.Equal(0, (await TrainingApi.GetAsync(staff, id)).GetProperty("attended").GetInt32());
        Assert.Equal("3h: 误签：本人未到场", await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT outcome FROM audit_entries WHERE tenant_id = $1 AND action = 'training.attendance-removed'", tenant));
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(staff, id, person, 2m)).StatusCode);
        var events = await TestDb.OutboxAsync(factory.ConnectionString,
            "type IN ('AttendanceRecorded', 'AttendanceRemoved') AND payload->>'trainingEventId' = $1", id.ToString());
        Assert.Equal(["AttendanceRecorded", "AttendanceRemoved", "AttendanceRecorded"], events.Select(e => e.Type));
        Assert.Equal([1, 2, 3], events.Select(e => JsonDocument.Parse(e.Payload).RootElement.GetProperty("version").GetInt32()));
        Assert.All(events, e => Assert.Equal(tenant, e.TenantId));
        Assert.Equal(2m, JsonDocument.Parse(events[2].Payload).RootElement.GetProperty("hours").GetDecimal());
    }

    [Fact]
    public async Task Bad_input_members_and_other_tenants_remove_nothing()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var id = await TrainingApi.ScheduleIdAsync(staff, TrainingSteps.Lecture());
        var person = Guid.NewGuid();
        await TrainingApi.CheckInAsync(staff, id, person);

        Assert.Equal(["reason"], (await (await RemoveAsync(staff, id, new { personId = person })).ReadProblemAsync(400)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(["personId"], (await (await RemoveAsync(staff, id, new { reason = "误签" })).ReadProblemAsync(400)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await RemoveAsync(staff, id, new { personId = Guid.NewGuid(), reason = "误签" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RemoveAsync(staff, id, new { personId = person, sessionId = Guid.NewGuid(), reason = "误签" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await RemoveAsync(TrainingSteps.Member(factory, tenant, person), id, new { personId = person, reason = "误签" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RemoveAsync(factory.ClientFor(Tenants.New()), id, new { personId = person, reason = "误签" })).StatusCode);

        Assert.Equal(1L, await TrainingDb.AttendancesOfAsync(factory.ConnectionString, id));
        Assert.Empty(await TestDb.OutboxAsync(factory.ConnectionString, "type = 'AttendanceRemoved' AND payload->>'trainingEventId' = $1", id.ToString()));
    }

    [Fact]
    public async Task A_guests_removal_goes_to_the_guests_tenant_and_their_list()
    {
        var (owner, guestTenant) = (Tenants.New(), Tenants.New());
        var staff = factory.ClientFor(owner);
        var plan = TrainingSteps.Lecture(title: "开放讲座");
        plan["sharedWithOtherTenants"] = true;
        var (id, _) = await TrainingSteps.OpenedAsync(staff, plan);
        var guest = Guid.NewGuid();
        var guestClient = TrainingSteps.Member(factory, guestTenant, guest);
        await guestClient.PostAsJsonAsync($"/shared-events/{id}/registrations", new { });
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(staff, id, guest)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await RemoveAsync(staff, id, new { personId = guest, reason = "误签" })).StatusCode);

        var removal = Assert.Single(await TestDb.OutboxAsync(factory.ConnectionString, "type = 'AttendanceRemoved' AND payload->>'trainingEventId' = $1", id.ToString()));
        Assert.Equal(guestTenant, removal.TenantId);
        var mine = Assert.Single(await guestClient.GetFromJsonAsync<List<JsonElement>>("/me/events") ?? []);
        Assert.Equal((0, 0m), (mine.GetProperty("sessionsAttended").GetInt32(), mine.GetProperty("hoursCredited").GetDecimal()));
    }
}
