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

    /// <summary>An event not opened to other tenants takes no guest check-in, even with a valid code of the owner's screen.</summary>
    [Fact]
    public async Task Another_tenant_cannot_check_in_through_the_shared_listing_to_an_unshared_event()
    {
        var a = factory.ClientFor(Tenants.New());
        var (ofA, session) = await TrainingSteps.OpenedAsync(a, TrainingSteps.Lecture());
        var token = await TrainingSteps.CodeAsync(a, ofA, session);
        var before = await TrainingDb.CountsAsync(factory.ConnectionString);

        var response = await TrainingSteps.Member(factory, Tenants.New(), Guid.NewGuid()).PostAsJsonAsync($"/shared-events/{ofA}/check-in", new { token });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await TrainingDb.CountsAsync(factory.ConnectionString));
        Assert.Equal(0L, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM guest_entries WHERE training_event_id = $1", ofA));
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

    /// <summary>Every per-event endpoint answers another tenant 404 and writes nothing: registrations, check-in codes,
    /// QR check-in, attendance and its sheet, seminar topics, status changes.</summary>
    [Fact]
    public async Task Another_tenant_reaches_none_of_the_events_endpoints_and_writes_nothing()
    {
        var ownerTenant = Tenants.New();
        var owner = factory.ClientFor(ownerTenant);
        var seminarPlan = TrainingSteps.Lecture(title: "选题研讨");
        seminarPlan["kind"] = "topic-seminar";
        var (id, session) = await TrainingSteps.OpenedAsync(owner, seminarPlan);
        var member = Guid.NewGuid();
        await TrainingSteps.RegisteredStatusAsync(owner, id, member);
        var topics = await owner.PostAsJsonAsync($"/events/{id}/topics", new { topics = new[] { new { title = "选题一" } } });
        var topicId = (await topics.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seminarTopics")[0].GetProperty("id").GetGuid();
        var token = await TrainingSteps.CodeAsync(owner, id, session);
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(owner, id, member)).StatusCode); // an attendance to aim at
        var otherTenant = Tenants.New();
        var other = factory.ClientFor(otherTenant);
        var otherMember = factory.ClientFor(otherTenant, ["member"], member); // the same person id under another tenant
        var before = await TrainingDb.CountsAsync(factory.ConnectionString);
        var registrations = await TestDb.CountAsync(factory.ConnectionString, "registrations");

        var responses = new[]
        {
            await other.GetAsync($"/events/{id}/registrations"),
            await TrainingSteps.RegisterAsync(other, id, Guid.NewGuid()),
            await other.PostAsJsonAsync($"/events/{id}/registrations/{member}/cancel", new { }),
            await other.GetAsync($"/events/{id}/sessions/{session}/check-in-code"),
            await other.GetAsync($"/events/{id}/sessions/{session}/check-in-code.png"),
            await other.GetAsync($"/events/{id}/attendance"),
            await other.GetAsync($"/events/{id}/attendance.xlsx"),
            await other.PostAsJsonAsync($"/events/{id}/topics/{topicId}/send", new { }),
            await other.PostAsJsonAsync($"/events/{id}/topics", new { topics = new[] { new { title = "x" } } }),
            await other.GetAsync($"/events/{id}/attendance/{member}"),
            await other.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/events/{id}/attendance/{member}")
            {
                Content = JsonContent.Create(new { hours = 1m, reason = "更正" }), Headers = { { "If-Match", "\"1\"" } },
            }),
            await other.PostAsJsonAsync($"/events/{id}/attendance/remove", new { personId = member, reason = "误签" }),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        // The owner's code carries the owner's tenant in its signature: under another tenant it is a forgery.
        Assert.Equal("check-in-token-invalid", (await (await TrainingSteps.CheckInAsync(otherMember, id, token)).ReadProblemAsync(400)).GetProperty("code").GetString());
        Assert.Empty((await otherMember.GetFromJsonAsync<JsonElement>("/me/events")).EnumerateArray());
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>($"/calendar?month={DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)):yyyy-MM}")).GetProperty("entries").EnumerateArray());
        Assert.Equal(before, await TrainingDb.CountsAsync(factory.ConnectionString));
        Assert.Equal(registrations, await TestDb.CountAsync(factory.ConnectionString, "registrations"));
        Assert.Equal("confirmed", (await TrainingSteps.RegistrationsAsync(owner, id)).Single().GetProperty("status").GetString());
        Assert.Equal(3m, (await owner.GetFromJsonAsync<JsonElement>($"/events/{id}/attendance/{member}")).GetProperty("hours").GetDecimal());
    }
}
