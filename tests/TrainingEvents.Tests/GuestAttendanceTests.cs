using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>
/// 跨租户参加: a guest of another tenant checks in to the owner's shared event with the code at the door, is credited in
/// the guest's OWN tenant (AttendanceRecorded under the guest's tenant, none under the owner's) and finds the event in
/// "my events"; the owner's staff see the guest's registration and attendance; a third tenant sees nothing.
/// </summary>
public sealed class GuestAttendanceTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private static Dictionary<string, object?> SharedLecture(int? capacity = null)
    {
        var plan = TrainingSteps.Lecture(capacity: capacity, title: "市政协开放讲座");
        plan["sharedWithOtherTenants"] = true;
        return plan;
    }

    private static Task<HttpResponseMessage> GuestCheckInAsync(HttpClient guest, Guid id, string? token) =>
        guest.PostAsJsonAsync($"/shared-events/{id}/check-in", new { token });

    private async Task<(string Owner, HttpClient OwnerStaff, Guid Event, Guid Session, string GuestTenant, Guid Guest, HttpClient GuestClient)> GuestRegisteredAsync(int? capacity = null)
    {
        var (owner, guestTenant) = (Tenants.New(), Tenants.New());
        var ownerStaff = factory.ClientFor(owner);
        var (id, session) = await TrainingSteps.OpenedAsync(ownerStaff, SharedLecture(capacity));
        var guest = Guid.NewGuid();
        var guestClient = TrainingSteps.Member(factory, guestTenant, guest);
        Assert.Equal(HttpStatusCode.Created, (await guestClient.PostAsJsonAsync($"/shared-events/{id}/registrations", new { })).StatusCode);
        return (owner, ownerStaff, id, session, guestTenant, guest, guestClient);
    }

    [Fact]
    public async Task A_guest_checks_in_once_through_the_listing_and_is_credited_in_their_own_tenant()
    {
        var (owner, ownerStaff, id, session, guestTenant, guest, guestClient) = await GuestRegisteredAsync();
        var token = await TrainingSteps.CodeAsync(ownerStaff, id, session);

        var first = await GuestCheckInAsync(guestClient, id, token);
        var replay = await GuestCheckInAsync(guestClient, id, token);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var attendance = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((guest, session, 3m), (attendance.GetProperty("personId").GetGuid(), attendance.GetProperty("sessionId").GetGuid(), attendance.GetProperty("hours").GetDecimal()));
        Assert.Equal("already-checked-in", (await replay.ReadProblemAsync(409)).GetProperty("code").GetString());
        var credits = await TrainingDb.AttendanceEventsAsync(factory.ConnectionString, id);
        var credit = Assert.Single(credits);
        Assert.Equal(guestTenant, credit.TenantId);
        using var payload = JsonDocument.Parse(credit.Payload);
        Assert.Equal((guest, 3m, "expert-lecture"), (payload.RootElement.GetProperty("personId").GetGuid(), payload.RootElement.GetProperty("hours").GetDecimal(),
            payload.RootElement.GetProperty("kind").GetString()));

        // The owner's staff see the guest's registration and attendance, marked with the guest's tenant.
        var seen = Assert.Single(await ownerStaff.GetFromJsonAsync<List<JsonElement>>($"/events/{id}/attendance") ?? []);
        Assert.Equal((guest, guestTenant, "qr-code"), (seen.GetProperty("personId").GetGuid(), seen.GetProperty("guestTenantId").GetString(), seen.GetProperty("method").GetString()));
        Assert.Equal(guestTenant, Assert.Single(await TrainingSteps.RegistrationsAsync(ownerStaff, id)).GetProperty("guestTenantId").GetString());
        Assert.Equal($"{guestTenant}: 3h", await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT outcome FROM audit_entries WHERE tenant_id = $1 AND action = 'training.guest-checked-in'", owner));
    }

    [Fact]
    public async Task The_guests_own_list_shows_the_shared_event_with_its_hours_and_nothing_else_of_the_owner()
    {
        var (owner, ownerStaff, id, session, guestTenant, guest, guestClient) = await GuestRegisteredAsync();
        Assert.Equal(HttpStatusCode.Created, (await GuestCheckInAsync(guestClient, id, await TrainingSteps.CodeAsync(ownerStaff, id, session))).StatusCode);

        var mine = Assert.Single(await guestClient.GetFromJsonAsync<List<JsonElement>>("/me/events") ?? []);

        Assert.Equal((id, "市政协开放讲座", owner, "confirmed", 1, 3m), (mine.GetProperty("trainingEventId").GetGuid(), mine.GetProperty("title").GetString(),
            mine.GetProperty("ownerTenantId").GetString(), mine.GetProperty("registration").GetString(), mine.GetProperty("sessionsAttended").GetInt32(),
            mine.GetProperty("hoursCredited").GetDecimal()));
        Assert.Equal(HttpStatusCode.NotFound, (await guestClient.GetAsync($"/events/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.ClientFor(guestTenant).GetAsync($"/events/{id}/attendance")).StatusCode);
        // The same person id in a third tenant sees nothing of it.
        var third = TrainingSteps.Member(factory, Tenants.New(), guest);
        Assert.Empty(await third.GetFromJsonAsync<List<JsonElement>>("/me/events") ?? []);
    }

    [Fact]
    public async Task Row_security_shows_a_guest_entry_to_the_owner_and_the_guests_tenant_only_and_lets_only_the_owner_write()
    {
        var (owner, _, id, _, guestTenant, guest, _) = await GuestRegisteredAsync();
        await using var connection = new NpgsqlConnection(factory.ApplicationConnectionString);
        await connection.OpenAsync();

        Assert.Equal(1L, await ScalarAsTenant(connection, owner, $"SELECT count(*) FROM guest_entries WHERE training_event_id = '{id}'"));
        Assert.Equal(1L, await ScalarAsTenant(connection, guestTenant, $"SELECT count(*) FROM guest_entries WHERE training_event_id = '{id}'"));
        Assert.Equal(0L, await ScalarAsTenant(connection, guestTenant, $"SELECT count(*) FROM registrations WHERE training_event_id = '{id}'"));
        Assert.Equal(0L, await ScalarAsTenant(connection, Tenants.New(), $"SELECT count(*) FROM guest_entries WHERE training_event_id = '{id}'"));
        Assert.Equal(0L, await ScalarAsTenant(connection, guestTenant,
            $"WITH u AS (UPDATE guest_entries SET hours_credited = 99 WHERE training_event_id = '{id}' RETURNING 1) SELECT count(*) FROM u"));
        var insert = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsTenant(connection, guestTenant,
            $"WITH i AS (INSERT INTO guest_entries (training_event_id, person_id, guest_tenant_id, owner_tenant_id, title, kind, status, starts_at, ends_at, registration, sessions_attended, hours_credited) VALUES ('{Guid.NewGuid()}', '{guest}', '{guestTenant}', '{owner}', '冒名', 'ExpertLecture', 'Open', now(), now(), 'Confirmed', 1, 9) RETURNING 1) SELECT count(*) FROM i"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, insert.SqlState);
        Assert.Equal(0m, await TestDb.ScalarAsync<decimal>(factory.ConnectionString, "SELECT hours_credited FROM guest_entries WHERE training_event_id = $1", id));
    }

    [Fact]
    public async Task Forged_other_tenants_and_unregistered_guests_check_ins_are_refused_and_change_nothing()
    {
        var (owner, ownerStaff, id, session, guestTenant, _, _) = await GuestRegisteredAsync(capacity: 1);
        var token = await TrainingSteps.CodeAsync(ownerStaff, id, session);
        var waiting = TrainingSteps.Member(factory, guestTenant, Guid.NewGuid());
        Assert.Equal("waiting", (await (await waiting.PostAsJsonAsync($"/shared-events/{id}/registrations", new { })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("status").GetString());
        var stranger = TrainingSteps.Member(factory, Tenants.New(), Guid.NewGuid());
        var (other, otherSession) = await TrainingSteps.OpenedAsync(ownerStaff, SharedLecture());
        var otherToken = await TrainingSteps.CodeAsync(ownerStaff, other, otherSession);
        var parts = token.Split('.');

        Assert.Equal("not-registered", (await (await GuestCheckInAsync(waiting, id, token)).ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal("not-registered", (await (await GuestCheckInAsync(stranger, id, token)).ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal("check-in-token-other-event", (await (await GuestCheckInAsync(stranger, id, otherToken)).ReadProblemAsync(400)).GetProperty("code").GetString());
        Assert.Equal("check-in-token-invalid", (await (await GuestCheckInAsync(waiting, id, $"{parts[0]}.{parts[1]}.{parts[2]}.forged")).ReadProblemAsync(400))
            .GetProperty("code").GetString());
        Assert.Equal("validation-failed", (await (await GuestCheckInAsync(waiting, id, "")).ReadProblemAsync(400)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await GuestCheckInAsync(waiting, Guid.NewGuid(), token)).StatusCode);
        Assert.Equal("own-event", (await (await GuestCheckInAsync(TrainingSteps.Member(factory, owner, Guid.NewGuid()), id, token)).ReadProblemAsync(409))
            .GetProperty("code").GetString());
        Assert.Equal(0L, await TrainingDb.AttendancesOfAsync(factory.ConnectionString, id));
        Assert.Empty(await TrainingDb.AttendanceEventsAsync(factory.ConnectionString, id));
    }

    [Fact]
    public async Task A_guest_checked_in_by_the_owners_staff_is_credited_in_the_guests_tenant_and_a_promotion_reaches_their_list()
    {
        var (_, ownerStaff, id, _, guestTenant, guest, guestClient) = await GuestRegisteredAsync(capacity: 1);
        var waitingGuest = Guid.NewGuid();
        var waitingClient = TrainingSteps.Member(factory, guestTenant, waitingGuest);
        await waitingClient.PostAsJsonAsync($"/shared-events/{id}/registrations", new { });
        Assert.Equal("waiting", Assert.Single(await waitingClient.GetFromJsonAsync<List<JsonElement>>("/me/events") ?? []).GetProperty("registration").GetString());

        Assert.Equal(HttpStatusCode.OK, (await guestClient.PostAsJsonAsync($"/shared-events/{id}/registrations/cancel", new { })).StatusCode);
        Assert.Equal("confirmed", Assert.Single(await waitingClient.GetFromJsonAsync<List<JsonElement>>("/me/events") ?? []).GetProperty("registration").GetString());
        Assert.Equal("cancelled", Assert.Single(await guestClient.GetFromJsonAsync<List<JsonElement>>("/me/events") ?? []).GetProperty("registration").GetString());

        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(ownerStaff, id, waitingGuest, 2.5m)).StatusCode);
        var credit = Assert.Single(await TrainingDb.AttendanceEventsAsync(factory.ConnectionString, id));
        Assert.Equal((guestTenant, waitingGuest), (credit.TenantId, JsonDocument.Parse(credit.Payload).RootElement.GetProperty("personId").GetGuid()));
        Assert.Equal(2.5m, Assert.Single(await waitingClient.GetFromJsonAsync<List<JsonElement>>("/me/events") ?? []).GetProperty("hoursCredited").GetDecimal());
    }

    private static async Task<long> ScalarAsTenant(NpgsqlConnection connection, string tenant, string sql)
    {
        await using (var set = new NpgsqlCommand($"SELECT set_config('app.tenant_id', '{tenant}', false)", connection)) await set.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
