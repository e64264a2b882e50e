using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>A tenant's events are invisible to other tenants, and nobody else can check in to them.</summary>
public sealed class TenantIsolationTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    [Fact]
    public async Task Another_tenants_event_is_not_found_and_absent_from_the_list()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var ofA = await TrainingApi.ScheduleIdAsync(a, TrainingApi.NewEvent("甲方讲座"));
        var ofB = await TrainingApi.ScheduleIdAsync(b, TrainingApi.NewEvent("乙方讲座"));

        Assert.Equal("not-found", (await (await b.GetAsync($"{TrainingApi.Path}/{ofA}")).ReadProblemAsync(404)).GetProperty("code").GetString());
        var listOfB = await b.GetFromJsonAsync<JsonElement>(TrainingApi.Path);
        Assert.Equal([ofB], listOfB.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Another_tenant_cannot_check_in_to_the_event()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var ofA = await TrainingApi.ScheduleIdAsync(a);
        var before = await TrainingDb.CountsAsync(factory.ConnectionString);

        var response = await TrainingApi.CheckInAsync(b, ofA, Guid.NewGuid());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await TrainingDb.CountsAsync(factory.ConnectionString));
        Assert.Equal(0, (await TrainingApi.GetAsync(a, ofA)).GetProperty("attended").GetInt32());
    }

    [Fact]
    public async Task Attendance_is_stored_under_the_tenant_of_the_request()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var eventId = await TrainingApi.ScheduleIdAsync(client);
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(client, eventId, Guid.NewGuid())).StatusCode);

        Assert.Equal(tenant, await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT tenant_id FROM attendances WHERE training_event_id = $1", eventId));
        Assert.Equal(tenant, await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT tenant_id FROM training_events WHERE id = $1", eventId));
    }
}
