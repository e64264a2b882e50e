using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>
/// 跨租户开放: a tenant may open an event to the others (a 市政协 lecture). They see its listing and nothing else of the
/// owner: not its other events, not the event itself, not its registrations; and they cannot change the listing.
/// </summary>
public sealed class SharedEventsTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private static Dictionary<string, object?> Shared(string title)
    {
        var plan = TrainingSteps.Lecture(startedMinutesAgo: -600, title: title);
        plan["sharedWithOtherTenants"] = true;
        return plan;
    }

    [Fact]
    public async Task Another_tenant_sees_the_shared_listing_and_nothing_else_of_the_owner()
    {
        var (city, district) = (Tenants.New(), Tenants.New());
        var cityStaff = factory.ClientFor(city);
        var shared = await TrainingApi.ScheduleIdAsync(cityStaff, Shared("市政协专家讲座"));
        var private_ = await TrainingApi.ScheduleIdAsync(cityStaff, TrainingSteps.Lecture(startedMinutesAgo: -600, title: "市政协内部会议"));
        await TrainingSteps.PostWithETagAsync(cityStaff, shared, "open");
        await TrainingSteps.RegisteredStatusAsync(cityStaff, shared, Guid.NewGuid());
        var districtStaff = factory.ClientFor(district);

        var listings = (await districtStaff.GetFromJsonAsync<JsonElement>("/shared-events")).GetProperty("items").EnumerateArray()
            .Where(l => l.GetProperty("ownerTenantId").GetString() == city).ToList();

        var listing = Assert.Single(listings);
        Assert.Equal((shared, "市政协专家讲座", "open"), (listing.GetProperty("id").GetGuid(), listing.GetProperty("title").GetString(), listing.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await districtStaff.GetAsync($"/shared-events/{shared}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await districtStaff.GetAsync($"/shared-events/{private_}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await districtStaff.GetAsync($"/events/{shared}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await districtStaff.GetAsync($"/events/{shared}/registrations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await TrainingSteps.RegisterAsync(districtStaff, shared, Guid.NewGuid())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await TrainingSteps.PutAsync(districtStaff, shared, Shared("篡改"), "\"1\"")).StatusCode);
        Assert.Empty((await districtStaff.GetFromJsonAsync<JsonElement>("/events")).GetProperty("items").EnumerateArray());
        Assert.Equal(1L, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM registrations WHERE training_event_id = $1", shared));
    }

    [Fact]
    public async Task The_listing_follows_the_event_and_leaves_when_it_is_cancelled_or_unshared()
    {
        var owner = factory.ClientFor(Tenants.New());
        var other = factory.ClientFor(Tenants.New());
        var id = await TrainingApi.ScheduleIdAsync(owner, Shared("开放讲座"));
        var renamed = Shared("开放讲座（改）");
        Assert.Equal(HttpStatusCode.OK, (await TrainingSteps.PutAsync(owner, id, renamed)).StatusCode);
        Assert.Equal("开放讲座（改）", (await other.GetFromJsonAsync<JsonElement>($"/shared-events/{id}")).GetProperty("title").GetString());

        var unshared = Shared("开放讲座（改）");
        unshared["sharedWithOtherTenants"] = false;
        Assert.Equal(HttpStatusCode.OK, (await TrainingSteps.PutAsync(owner, id, unshared)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/shared-events/{id}")).StatusCode);

        var again = await TrainingApi.ScheduleIdAsync(owner, Shared("再次开放"));
        Assert.Equal(HttpStatusCode.OK, (await TrainingSteps.PostWithETagAsync(owner, again, "cancel", new { reason = "取消" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/shared-events/{again}")).StatusCode);
    }

    /// <summary>Row security itself, under the service's application login: every tenant reads listings, only the owner writes.</summary>
    [Fact]
    public async Task Row_security_lets_another_tenant_read_a_listing_but_not_write_one()
    {
        var (owner, intruder) = (Tenants.New(), Tenants.New());
        var id = await TrainingApi.ScheduleIdAsync(factory.ClientFor(owner), Shared("行级安全讲座"));
        await using var connection = new NpgsqlConnection(factory.ApplicationConnectionString);
        await connection.OpenAsync();
        await Execute(connection, $"SELECT set_config('app.tenant_id', '{intruder}', false)");

        Assert.Equal(1L, await Scalar(connection, $"SELECT count(*) FROM shared_event_listings WHERE training_event_id = '{id}'"));
        Assert.Equal(0, await Execute(connection, $"UPDATE shared_event_listings SET title = '篡改' WHERE training_event_id = '{id}'"));
        Assert.Equal(0, await Execute(connection, $"DELETE FROM shared_event_listings WHERE training_event_id = '{id}'"));
        var insert = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection,
            $"INSERT INTO shared_event_listings (training_event_id, owner_tenant_id, title, kind, status, starts_at, ends_at, updated_at) VALUES ('{Guid.NewGuid()}', '{owner}', '冒名', 'ExpertLecture', 'Open', now(), now(), now())"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, insert.SqlState);
        Assert.Equal(0L, await Scalar(connection, $"SELECT count(*) FROM training_events WHERE id = '{id}'"));
        Assert.Equal("行级安全讲座", await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT title FROM shared_event_listings WHERE training_event_id = $1", id));
    }

    /// <summary>跨租户报名: a district member registers for the city's shared lecture; the guest counts against its capacity and
    /// waits beyond it; the owner sees the guest's person and tenant, audited; the guest leaves and the waiting one moves up.</summary>
    [Fact]
    public async Task A_person_of_another_tenant_registers_for_a_shared_event_within_its_capacity()
    {
        var (city, district) = (Tenants.New(), Tenants.New());
        var cityStaff = factory.ClientFor(city);
        var plan = Shared("市政协专家讲座（开放）");
        plan["capacity"] = 1;
        var (id, _) = await TrainingSteps.OpenedAsync(cityStaff, plan);
        var (guest, local) = (Guid.NewGuid(), Guid.NewGuid());
        var guestClient = TrainingSteps.Member(factory, district, guest);

        var registered = await guestClient.PostAsJsonAsync($"/shared-events/{id}/registrations", new { });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal("confirmed", (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("waiting", await TrainingSteps.RegisteredStatusAsync(cityStaff, id, local));
        Assert.Equal("already-registered", (await (await guestClient.PostAsJsonAsync($"/shared-events/{id}/registrations", new { })).ReadProblemAsync(409))
            .GetProperty("code").GetString());

        var byOwner = (await TrainingSteps.RegistrationsAsync(cityStaff, id)).ToDictionary(r => r.GetProperty("personId").GetGuid());
        Assert.Equal((district, "confirmed"), (byOwner[guest].GetProperty("guestTenantId").GetString(), byOwner[guest].GetProperty("status").GetString()));
        Assert.Equal(city, await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT tenant_id FROM registrations WHERE person_id = $1", guest));
        Assert.Equal($"{district}: confirmed", await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT outcome FROM audit_entries WHERE tenant_id = $1 AND action = 'training.guest-registered'", city));
        // The guest's tenant still sees nothing of the owner's event but its listing.
        Assert.Equal(HttpStatusCode.NotFound, (await guestClient.GetAsync($"/events/{id}")).StatusCode);
        Assert.Equal(0L, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM registrations WHERE tenant_id = $1", district));

        Assert.Equal(HttpStatusCode.OK, (await guestClient.PostAsJsonAsync($"/shared-events/{id}/registrations/cancel", new { })).StatusCode);
        var after = (await TrainingSteps.RegistrationsAsync(cityStaff, id)).ToDictionary(r => r.GetProperty("personId").GetGuid(), r => r.GetProperty("status").GetString());
        Assert.Equal(("cancelled", "confirmed"), (after[guest], after[local]));
    }

    [Fact]
    public async Task Guests_cannot_register_for_an_unshared_event_their_own_tenants_or_cancel_anothers()
    {
        var (owner, guestTenant) = (Tenants.New(), Tenants.New());
        var ownerStaff = factory.ClientFor(owner);
        var (unshared, _) = await TrainingSteps.OpenedAsync(ownerStaff, TrainingSteps.Lecture(title: "内部讲座"));
        var (shared, _) = await TrainingSteps.OpenedAsync(ownerStaff, Shared("开放讲座"));
        var local = Guid.NewGuid();
        await TrainingSteps.RegisteredStatusAsync(ownerStaff, shared, local);
        var guest = TrainingSteps.Member(factory, guestTenant, Guid.NewGuid());
        var before = await TestDb.CountAsync(factory.ConnectionString, "registrations");

        Assert.Equal(HttpStatusCode.NotFound, (await guest.PostAsJsonAsync($"/shared-events/{unshared}/registrations", new { })).StatusCode);
        Assert.Equal("own-event", (await (await TrainingSteps.Member(factory, owner, Guid.NewGuid()).PostAsJsonAsync($"/shared-events/{shared}/registrations", new { }))
            .ReadProblemAsync(409)).GetProperty("code").GetString());
        // A guest whose person id happens to be the owner's local registrant cannot cancel that registration.
        var impostor = TrainingSteps.Member(factory, guestTenant, local);
        Assert.Equal(HttpStatusCode.NotFound, (await impostor.PostAsJsonAsync($"/shared-events/{shared}/registrations/cancel", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientWithToken(TestTokens.Create(guestTenant, ["partner"], scopes: ["training.read"], clientId: "x"))
            .PostAsJsonAsync($"/shared-events/{shared}/registrations", new { })).StatusCode);
        Assert.Equal(before, await TestDb.CountAsync(factory.ConnectionString, "registrations"));
        Assert.Equal("confirmed", (await TrainingSteps.RegistrationsAsync(ownerStaff, shared)).Single().GetProperty("status").GetString());
    }

    private static async Task<int> Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
