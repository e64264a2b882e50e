using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;
using static SheqingMinyi.People.Tests.AppointmentsApi;

namespace SheqingMinyi.People.Tests;

/// <summary>
/// A body appoints a person of another body: only after the person's tenant shared them, and neither tenant reads
/// the other's rows — the appointing tenant knows the person's id, the name given and the sharing tenant, nothing more.
/// </summary>
public sealed class CrossTenantAppointmentTests(AppointmentsFactory factory) : IClassFixture<AppointmentsFactory>
{
    private DateOnly Today => factory.Today;

    /// <summary>Two known tenants: the person's (district) and the appointing one (city).</summary>
    private async Task<(HttpClient District, HttpClient City, string DistrictId, string CityId)> TenantsAsync()
    {
        var (district, city) = (Tenants.New(), Tenants.New());
        await KnownTenantsSupport.RegisterInDatabaseAsync(factory.ConnectionString, district);
        await KnownTenantsSupport.RegisterInDatabaseAsync(factory.ConnectionString, city);
        return (factory.ClientFor(district), factory.ClientFor(city), district, city);
    }

    private static async Task<JsonElement> ShareAsync(HttpClient client, Guid person, string tenantId)
    {
        var response = await client.PostAsJsonAsync($"/persons/{person}/shares", new { tenantId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<JsonElement> SharedWithAsync(HttpClient client, int expected) => Eventually.GetAsync(
        () => client.GetFromJsonAsync<JsonElement>("/shared-persons"), page => page.GetProperty("total").GetInt32() == expected, what: "shared persons");

    [Fact]
    public async Task A_person_not_shared_cannot_be_appointed_by_another_tenant()
    {
        var (district, city, _, _) = await TenantsAsync();
        var person = await PersonAsync(district, "赵强");

        var response = await city.PostAsJsonAsync("/appointments", new { personId = person, startsOn = Today, endsOn = Today.AddYears(1) });

        Assert.True((await response.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("personId", out _));
        Assert.Equal(0, (await city.GetFromJsonAsync<JsonElement>("/appointments")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_shared_person_is_appointed_by_the_other_tenant_and_each_side_sees_only_its_own_rows()
    {
        var (district, city, districtId, cityId) = await TenantsAsync();
        var person = await PersonAsync(district, "王芳");
        var share = await ShareAsync(district, person, cityId);
        Assert.Equal((cityId, "王芳", true), (share.GetProperty("sharedWithTenantId").GetString(), share.GetProperty("personName").GetString(), share.GetProperty("active").GetBoolean()));

        // The city sees the shared person: id, name, the sharing tenant; nothing else of the district.
        var shared = Assert.Single((await SharedWithAsync(city, 1)).GetProperty("items").EnumerateArray());
        Assert.Equal(["name", "personId", "shareId", "sharedAt", "sharingTenantId"], shared.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal((person, "王芳", districtId), (shared.GetProperty("personId").GetGuid(), shared.GetProperty("name").GetString(), shared.GetProperty("sharingTenantId").GetString()));

        var appointment = await AppointAsync(city, person, Today, Today.AddYears(2));
        var id = appointment.GetProperty("id").GetGuid();
        Assert.Equal((districtId, "王芳", true), (appointment.GetProperty("personTenantId").GetString(), appointment.GetProperty("personName").GetString(), appointment.GetProperty("crossTenant").GetBoolean()));
        var started = JsonDocument.Parse(Assert.Single(await PeopleDb.OutboxAsync(factory.ConnectionString, "AppointmentStarted", "appointmentId", id)).Payload).RootElement;
        Assert.Equal(districtId, started.GetProperty("personTenantId").GetString());
        Assert.Equal(cityId, (await PeopleDb.OutboxAsync(factory.ConnectionString, "AppointmentStarted", "appointmentId", id))[0].TenantId);

        // The district: the appointment is not its row (404, absent from lists); the person's kinds are unchanged.
        Assert.Equal(HttpStatusCode.NotFound, (await district.GetAsync($"/appointments/{id}")).StatusCode);
        Assert.Equal(0, (await district.GetFromJsonAsync<JsonElement>("/appointments")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await district.GetFromJsonAsync<JsonElement>($"/appointments?personId={person}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await district.GetFromJsonAsync<JsonElement>("/shared-persons")).GetProperty("total").GetInt32());
        Assert.Empty(await PeopleDb.OutboxAsync(factory.ConnectionString, "PersonUpdated", "personId", person));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(district, $"/appointments/{id}/revoke", new { reason = "越权" }, "\"1\"")).StatusCode);

        // The city: the district's person, unit list and shares are not its rows.
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/persons/{person}")).StatusCode);
        Assert.Equal(0, (await city.GetFromJsonAsync<JsonElement>("/persons")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await city.GetFromJsonAsync<JsonElement>($"/persons/{person}/shares")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/persons/{person}/shares/{share.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.PostAsJsonAsync($"/persons/{person}/shares", new { tenantId = districtId })).StatusCode);

        // A third tenant sees nothing at all.
        var other = factory.ClientFor(Tenants.New());
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/shared-persons")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/appointments/{id}")).StatusCode);
        Assert.Equal(400, (int)(await other.PostAsJsonAsync("/appointments", new { personId = person, startsOn = Today, endsOn = Today.AddYears(1) })).StatusCode);
    }

    [Fact]
    public async Task Withdrawing_the_share_hides_the_person_and_revokes_the_other_tenants_appointment()
    {
        var (district, city, _, cityId) = await TenantsAsync();
        var person = await PersonAsync(district, "陈静");
        var share = (await ShareAsync(district, person, cityId)).GetProperty("id").GetGuid();
        await SharedWithAsync(city, 1);
        var id = (await AppointAsync(city, person, Today, Today.AddYears(1))).GetProperty("id").GetGuid();

        Assert.Equal("precondition-required",
            (await (await PostAsync(district, $"/persons/{person}/shares/{share}/withdraw", new { }, null)).ReadProblemAsync(428)).GetProperty("code").GetString());
        var withdrawn = await PostAsync(district, $"/persons/{person}/shares/{share}/withdraw", new { }, await ETagAsync(district, $"/persons/{person}/shares/{share}"));
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.False((await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean());

        await SharedWithAsync(city, 0);
        var revoked = await Eventually.GetAsync(() => city.GetFromJsonAsync<JsonElement>($"/appointments/{id}"),
            a => a.GetProperty("status").GetString() == "revoked", what: "appointment revoked");
        Assert.Equal("共享已撤回 (share withdrawn)", revoked.GetProperty("revokeReason").GetString());
        Assert.Single(await PeopleDb.OutboxAsync(factory.ConnectionString, "AppointmentEnded", "appointmentId", id));
        Assert.True((await (await city.PostAsJsonAsync("/appointments", new { personId = person, startsOn = Today, endsOn = Today.AddYears(1) }))
            .ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("personId", out _));
    }

    [Fact]
    public async Task Sharing_is_validated_and_a_second_active_share_with_the_same_tenant_is_a_conflict()
    {
        var (district, _, districtId, cityId) = await TenantsAsync();
        var person = await PersonAsync(district);
        var before = await TestDb.CountAsync(factory.ConnectionString, "person_shares");

        foreach (var tenantId in new[] { "", districtId, Tenants.New() }) // missing, itself, a tenant nobody announced
            Assert.True((await (await district.PostAsJsonAsync($"/persons/{person}/shares", new { tenantId })).ReadProblemAsync(400))
                .GetProperty("errors").TryGetProperty("tenantId", out _), tenantId);
        Assert.Equal(before, await TestDb.CountAsync(factory.ConnectionString, "person_shares"));

        await ShareAsync(district, person, cityId);
        Assert.Equal("already-shared", (await (await district.PostAsJsonAsync($"/persons/{person}/shares", new { tenantId = cityId })).ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientFor(districtId, ["staff-editor"]).PostAsJsonAsync($"/persons/{person}/shares", new { tenantId = cityId })).StatusCode);
        Assert.Equal(before + 1, await TestDb.CountAsync(factory.ConnectionString, "person_shares"));
    }

    [Fact]
    public async Task The_share_consumer_ignores_a_repeated_event_and_an_older_one_after_a_newer()
    {
        var (_, city, districtId, cityId) = await TenantsAsync();
        var feeder = new StreamFeeder(factory.RedisPrefix);
        var (shareId, person) = (Guid.NewGuid(), Guid.NewGuid());
        var shared = new PersonShareChanged(shareId, person, "刘飞龙", cityId, true, DateTimeOffset.UtcNow, 1);
        var withdrawn = shared with { Active = false, Version = 2 };

        var first = await feeder.PublishAsync(districtId, shared);
        await feeder.WaitConsumedAsync(first, "people");
        await feeder.WaitConsumedAsync(await feeder.RedeliverAsync(first), "people");
        await feeder.WaitConsumedAsync(await feeder.PublishAsync(districtId, shared), "people"); // same content, new event id
        Assert.Equal(1, (await city.GetFromJsonAsync<JsonElement>("/shared-persons")).GetProperty("total").GetInt32());

        await feeder.WaitConsumedAsync(await feeder.PublishAsync(districtId, withdrawn), "people");
        await feeder.WaitConsumedAsync(await feeder.PublishAsync(districtId, shared), "people"); // older, after the newer
        Assert.Equal(0, (await city.GetFromJsonAsync<JsonElement>("/shared-persons")).GetProperty("total").GetInt32());
        Assert.Equal(2, await TestDb.ScalarAsync<int>(factory.ConnectionString, "SELECT version FROM received_shares WHERE id = $1", shareId));
        Assert.Equal(1, await TestDb.CountAsync(factory.ConnectionString, $"received_shares WHERE id = '{shareId}'"));
    }
}
