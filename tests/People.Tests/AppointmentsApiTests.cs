using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;
using static SheqingMinyi.People.Tests.AppointmentsApi;

namespace SheqingMinyi.People.Tests;

/// <summary>聘任 in one tenant: appoint, read, renew, revoke, the 30-day list, and what each writes to the outbox.</summary>
public sealed class AppointmentsApiTests(AppointmentsFactory factory) : IClassFixture<AppointmentsFactory>
{
    private DateOnly Today => factory.Today;

    private Task<List<TestDb.OutboxRow>> OutboxAsync(string type, string field, Guid id) => PeopleDb.OutboxAsync(factory.ConnectionString, type, field, id);

    [Fact]
    public async Task Appointing_returns_the_appointment_readable_with_an_ETag_and_announces_AppointmentStarted()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var person = await PersonAsync(client, "李华");

        var response = await client.PostAsJsonAsync("/appointments", new { personId = person, startsOn = Today.AddDays(-3), endsOn = Today.AddYears(2) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/appointments/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var read = await client.GetAsync($"/appointments/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        var body = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(person, body.GetProperty("personId").GetGuid());
        Assert.Equal("李华", body.GetProperty("personName").GetString());
        Assert.Equal(tenant, body.GetProperty("personTenantId").GetString());
        Assert.False(body.GetProperty("crossTenant").GetBoolean());
        Assert.Equal("active", body.GetProperty("status").GetString());
        Assert.Equal(Date(Today.AddDays(-3)), body.GetProperty("startsOn").GetString());
        Assert.Equal(Date(Today.AddYears(2)), body.GetProperty("endsOn").GetString());
        Assert.Single(body.GetProperty("terms").EnumerateArray());

        var started = Assert.Single(await OutboxAsync("AppointmentStarted", "appointmentId", id));
        Assert.Equal(tenant, started.TenantId);
        var payload = JsonDocument.Parse(started.Payload).RootElement;
        Assert.Equal((person, tenant, 1), (payload.GetProperty("personId").GetGuid(), payload.GetProperty("personTenantId").GetString(), payload.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task The_appointed_person_gains_the_special_officer_kind_and_loses_it_when_revoked()
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await PersonAsync(client);
        var id = (await AppointAsync(client, person, Today, Today.AddYears(1))).GetProperty("id").GetGuid();

        var updates = await OutboxAsync("PersonUpdated", "personId", person);
        var granted = JsonDocument.Parse(Assert.Single(updates).Payload).RootElement;
        Assert.Equal(["member", "special-officer"], granted.GetProperty("kinds").Strings());
        Assert.Equal(2, granted.GetProperty("version").GetInt32());

        var revoked = await PostAsync(client, $"/appointments/{id}/revoke", new { reason = "工作调动" }, await ETagAsync(client, $"/appointments/{id}"));
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        updates = await OutboxAsync("PersonUpdated", "personId", person);
        Assert.Equal(2, updates.Count);
        var withdrawn = JsonDocument.Parse(updates[1].Payload).RootElement;
        Assert.Equal(["member"], withdrawn.GetProperty("kinds").Strings());
        Assert.Equal(3, withdrawn.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_second_active_appointment_of_the_same_person_is_a_conflict_that_writes_nothing()
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await PersonAsync(client);
        await AppointAsync(client, person, Today, Today.AddYears(1));
        var before = await TestDb.CountAsync(factory.ConnectionString, "appointments");

        var response = await client.PostAsJsonAsync("/appointments", new { personId = person, startsOn = Today, endsOn = Today.AddMonths(6) });

        Assert.Equal("appointment-overlaps", (await response.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(before, await TestDb.CountAsync(factory.ConnectionString, "appointments"));
    }

    [Fact]
    public async Task A_revoked_person_can_be_appointed_again()
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await PersonAsync(client);
        var first = (await AppointAsync(client, person, Today, Today.AddYears(1))).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, $"/appointments/{first}/revoke", new { reason = "重新聘任" }, "\"1\"")).StatusCode);

        var second = await AppointAsync(client, person, Today, Today.AddYears(2));

        Assert.NotEqual(first, second.GetProperty("id").GetGuid());
        var list = await client.GetFromJsonAsync<JsonElement>($"/appointments?personId={person}");
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        var active = await client.GetFromJsonAsync<JsonElement>($"/appointments?personId={person}&status=active");
        Assert.Equal([second.GetProperty("id").GetGuid()], Ids(active));
    }

    [Fact]
    public async Task Renewing_with_the_current_ETag_extends_the_term_and_announces_version_2()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = (await AppointAsync(client, await PersonAsync(client), Today.AddYears(-1), Today.AddDays(5))).GetProperty("id").GetGuid();

        var response = await PostAsync(client, $"/appointments/{id}/renew", new { endsOn = Today.AddYears(3) }, "\"1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Date(Today.AddYears(3)), body.GetProperty("endsOn").GetString());
        Assert.Equal([Date(Today.AddYears(-1)), Date(Today.AddDays(6))],
            body.GetProperty("terms").EnumerateArray().Select(t => t.GetProperty("startsOn").GetString()));
        var events = await OutboxAsync("AppointmentStarted", "appointmentId", id);
        Assert.Equal([1, 2], events.Select(e => JsonDocument.Parse(e.Payload).RootElement.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Renew_and_revoke_need_If_Match_and_a_stale_one_changes_nothing()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = (await AppointAsync(client, await PersonAsync(client), Today, Today.AddYears(1))).GetProperty("id").GetGuid();

        Assert.Equal("precondition-required",
            (await (await PostAsync(client, $"/appointments/{id}/renew", new { endsOn = Today.AddYears(2) }, null)).ReadProblemAsync(428)).GetProperty("code").GetString());
        Assert.Equal("precondition-failed",
            (await (await PostAsync(client, $"/appointments/{id}/revoke", new { reason = "过期版本" }, "\"7\"")).ReadProblemAsync(412)).GetProperty("code").GetString());

        var read = await client.GetFromJsonAsync<JsonElement>($"/appointments/{id}");
        Assert.Equal(("active", Date(Today.AddYears(1))), (read.GetProperty("status").GetString(), read.GetProperty("endsOn").GetString()));
        Assert.Single(await OutboxAsync("AppointmentStarted", "appointmentId", id));
        Assert.Empty(await OutboxAsync("AppointmentEnded", "appointmentId", id));
    }

    [Fact]
    public async Task Revoking_announces_AppointmentEnded_once_and_a_second_revocation_or_renewal_is_refused()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var person = await PersonAsync(client);
        var id = (await AppointAsync(client, person, Today.AddDays(-10), Today.AddYears(1))).GetProperty("id").GetGuid();

        var response = await PostAsync(client, $"/appointments/{id}/revoke", new { reason = "本人申请" }, "\"1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("revoked", "本人申请", Date(Today)),
            (body.GetProperty("status").GetString(), body.GetProperty("revokeReason").GetString(), body.GetProperty("endedOn").GetString()));
        var ended = JsonDocument.Parse(Assert.Single(await OutboxAsync("AppointmentEnded", "appointmentId", id)).Payload).RootElement;
        Assert.Equal(("revoked", 2, Date(Today)), (ended.GetProperty("reason").GetString(), ended.GetProperty("version").GetInt32(), ended.GetProperty("endedOn").GetString()));

        Assert.Equal("appointment-not-active",
            (await (await PostAsync(client, $"/appointments/{id}/revoke", new { reason = "再次" }, "\"2\"")).ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal("appointment-not-active",
            (await (await PostAsync(client, $"/appointments/{id}/renew", new { endsOn = Today.AddYears(2) }, "\"2\"")).ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Single(await OutboxAsync("AppointmentEnded", "appointmentId", id));
    }

    [Fact]
    public async Task Deactivating_a_person_revokes_the_tenants_active_appointment_of_them()
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await PersonAsync(client);
        var id = (await AppointAsync(client, person, Today.AddDays(-10), Today.AddYears(1))).GetProperty("id").GetGuid();

        var deactivated = await RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/persons/{person}", $"/persons/{person}/deactivate", new { reason = "换届离任" });

        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        var read = await client.GetFromJsonAsync<JsonElement>($"/appointments/{id}");
        Assert.Equal(("revoked", "人员停用", Date(Today)),
            (read.GetProperty("status").GetString(), read.GetProperty("revokeReason").GetString(), read.GetProperty("endedOn").GetString()));
        var ended = JsonDocument.Parse(Assert.Single(await OutboxAsync("AppointmentEnded", "appointmentId", id)).Payload).RootElement;
        Assert.Equal(("revoked", person), (ended.GetProperty("reason").GetString(), ended.GetProperty("personId").GetGuid()));
    }

    [Fact]
    public async Task The_expiring_list_holds_active_terms_ending_within_the_days_soonest_first()
    {
        var client = factory.ClientFor(Tenants.New());
        var in10 = (await AppointAsync(client, await PersonAsync(client, "甲"), Today.AddYears(-1), Today.AddDays(10))).GetProperty("id").GetGuid();
        var today = (await AppointAsync(client, await PersonAsync(client, "乙"), Today.AddYears(-1), Today)).GetProperty("id").GetGuid();
        var in60 = (await AppointAsync(client, await PersonAsync(client, "丙"), Today.AddYears(-1), Today.AddDays(60))).GetProperty("id").GetGuid();
        var revoked = (await AppointAsync(client, await PersonAsync(client, "丁"), Today.AddYears(-1), Today.AddDays(3))).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, $"/appointments/{revoked}/revoke", new { reason = "撤销" }, "\"1\"")).StatusCode);

        var defaultDays = await client.GetFromJsonAsync<JsonElement>("/appointments/expiring");
        var ninety = await client.GetFromJsonAsync<JsonElement>("/appointments/expiring?days=90");

        Assert.Equal([today, in10], Ids(defaultDays));
        Assert.Equal(2, defaultDays.GetProperty("total").GetInt32());
        Assert.Equal([today, in10, in60], Ids(ninety));
    }

    [Fact]
    public async Task Staff_read_appointments_but_only_the_tenant_admin_appoints_renews_and_revokes()
    {
        var tenant = Tenants.New();
        var admin = factory.ClientFor(tenant);
        var person = await PersonAsync(admin);
        var id = (await AppointAsync(admin, person, Today, Today.AddYears(1))).GetProperty("id").GetGuid();
        var editor = factory.ClientFor(tenant, ["staff-editor", "director"]);
        var member = factory.ClientFor(tenant, ["member", "officer"]);

        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/appointments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/appointments/expiring")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsJsonAsync("/appointments", new { personId = person, startsOn = Today, endsOn = Today.AddYears(1) })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(editor, $"/appointments/{id}/revoke", new { reason = "越权" }, "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/appointments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(member, $"/appointments/{id}/renew", new { endsOn = Today.AddYears(2) }, "\"1\"")).StatusCode);
        Assert.Equal("active", (await admin.GetFromJsonAsync<JsonElement>($"/appointments/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_retried_appointment_with_the_same_Idempotency_Key_is_created_once()
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await PersonAsync(client);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/appointments") { Content = JsonContent.Create(new { personId = person, startsOn = Today, endsOn = Today.AddYears(1) }) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var first = await SendAsync();
        var second = await SendAsync();

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/appointments?personId={person}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Another_tenants_appointment_is_not_found_unchangeable_and_absent_from_lists()
    {
        var owner = factory.ClientFor(Tenants.New());
        var person = await PersonAsync(owner);
        var id = (await AppointAsync(owner, person, Today, Today.AddDays(10))).GetProperty("id").GetGuid();
        var other = factory.ClientFor(Tenants.New());

        Assert.Equal("not-found", (await (await other.GetAsync($"/appointments/{id}")).ReadProblemAsync(404)).GetProperty("code").GetString());
        await (await PostAsync(other, $"/appointments/{id}/renew", new { endsOn = Today.AddYears(1) }, "\"1\"")).ReadProblemAsync(404);
        await (await PostAsync(other, $"/appointments/{id}/revoke", new { reason = "越权" }, "\"1\"")).ReadProblemAsync(404);
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>($"/appointments?personId={person}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/appointments/expiring")).GetProperty("total").GetInt32());
        await (await other.PostAsJsonAsync("/appointments", new { personId = person, startsOn = Today, endsOn = Today.AddYears(1) })).ReadProblemAsync(400);

        var read = await owner.GetAsync($"/appointments/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal(Date(Today.AddDays(10)), (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endsOn").GetString());
        Assert.Single(await OutboxAsync("AppointmentStarted", "appointmentId", id));
        Assert.Empty(await OutboxAsync("AppointmentEnded", "appointmentId", id));
    }
}
