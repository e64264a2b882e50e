using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>Register with kinds and a first membership; update (PUT, If-Match); deactivate, which ends current memberships.</summary>
public sealed class PersonLifecycleApiTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private string Db => factory.ConnectionString;
    private static string Today => SheqingMinyi.BuildingBlocks.Calendar.BodyCalendar.Today(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd");

    [Fact]
    public async Task Registering_with_a_unit_starts_a_membership_there_from_today_as_成员_and_kinds_default_from_roles()
    {
        var client = factory.ClientFor(Tenants.New());
        var unit = await RegistryApi.UnitAsync(client);

        var person = await RegistryApi.PersonAsync(client, "张明", unit, ["member", "officer"]);

        var read = (await RegistryApi.ReadAsync(client, $"/persons/{person}")).Body;
        Assert.Equal(["member", "special-officer"], read.GetProperty("kinds").Strings());
        var memberships = await client.GetFromJsonAsync<JsonElement>($"/persons/{person}/memberships");
        var membership = Assert.Single(memberships.GetProperty("items").EnumerateArray());
        Assert.Equal((unit, "成员", Today), (membership.GetProperty("unitId").GetGuid(), membership.GetProperty("role").GetString(),
            membership.GetProperty("startsOn").GetString()));
        Assert.False(membership.TryGetProperty("endsOn", out _));
        var changed = Assert.Single(await RegistryApi.EventsAsync(Db, "MembershipChanged", "personId", person));
        Assert.Equal(1, changed.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Registering_takes_explicit_kinds_and_a_unit_role()
    {
        var client = factory.ClientFor(Tenants.New());
        var unit = await RegistryApi.UnitAsync(client);

        var response = await client.PostAsJsonAsync("/persons",
            new { name = "刘飞龙", unitId = unit, roles = new[] { "member" }, kinds = new[] { "party-member", "special-officer" }, unitRole = "副主委" });

        var person = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(["party-member", "special-officer"], (await RegistryApi.ReadAsync(client, $"/persons/{person}")).Body.GetProperty("kinds").Strings());
        var registered = Assert.Single(await RegistryApi.EventsAsync(Db, "PersonRegistered", "personId", person));
        Assert.Equal(["party-member", "special-officer"], registered.GetProperty("kinds").Strings());
        Assert.Equal("副主委", (await client.GetFromJsonAsync<JsonElement>($"/persons/{person}/memberships")).GetProperty("items")[0].GetProperty("role").GetString());
    }

    [Fact]
    public async Task An_unknown_kind_is_a_400_and_a_closed_unit_a_409_neither_writing_anything()
    {
        var client = factory.ClientFor(Tenants.New());
        var closed = await RegistryApi.UnitAsync(client);
        await RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{closed}", $"/units/{closed}/close", new { reason = "撤销" }).OkAsync();

        var badKind = await RegistryApi.ChangesNothingAsync(Db, () => client.PostAsJsonAsync("/persons", new { name = "某人", kinds = new[] { "emperor" } }));
        var intoClosed = await RegistryApi.ChangesNothingAsync(Db, () => client.PostAsJsonAsync("/persons", new { name = "某人", unitId = closed }));

        var problem = await badKind.ReadProblemAsync(400);
        Assert.Contains("委员", problem.GetProperty("errors").GetProperty("kinds")[0].GetString());
        Assert.Equal("unit-closed", (await intoClosed.ReadProblemAsync(409)).Code());
    }

    [Fact]
    public async Task Updating_with_the_etag_replaces_name_unit_roles_and_kinds_and_writes_PersonUpdated_version_2()
    {
        var client = factory.ClientFor(Tenants.New());
        var other = await RegistryApi.UnitAsync(client);
        var person = await RegistryApi.PersonAsync(client, "王芳");

        var updated = await RegistryApi.ChangeAsync(client, HttpMethod.Put, $"/persons/{person}", $"/persons/{person}",
            new { name = " 王芳芳 ", unitId = other, roles = new[] { "member", "officer" }, kinds = new[] { "member" } }).OkAsync();

        Assert.Equal(("王芳芳", other), (updated.GetProperty("name").GetString(), updated.GetProperty("unitId").GetGuid()));
        Assert.Equal(["member", "officer"], updated.GetProperty("roles").Strings());
        Assert.Equal(["member"], updated.GetProperty("kinds").Strings());
        Assert.Equal("\"2\"", (await RegistryApi.ReadAsync(client, $"/persons/{person}")).ETag);
        var evt = Assert.Single(await RegistryApi.EventsAsync(Db, "PersonUpdated", "personId", person));
        Assert.Equal(("王芳芳", 2), (evt.GetProperty("name").GetString(), evt.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Updating_without_kinds_takes_those_the_roles_imply_and_bad_input_is_a_400()
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await RegistryApi.PersonAsync(client, "赵强", roles: ["member"]);

        var updated = await RegistryApi.ChangeAsync(client, HttpMethod.Put, $"/persons/{person}", $"/persons/{person}",
            new { name = "赵强", roles = new[] { "director" } }).OkAsync();
        var bad = await RegistryApi.ChangesNothingAsync(Db, () => RegistryApi.ChangeAsync(client, HttpMethod.Put, $"/persons/{person}", $"/persons/{person}",
            new { name = "", roles = new[] { "king" }, kinds = new[] { "x" }, unitId = Guid.NewGuid() }));

        Assert.Equal(["staff"], updated.GetProperty("kinds").Strings());
        var problem = await bad.ReadProblemAsync(400);
        Assert.Equal(["kinds", "name", "roles", "unitId"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task Deactivating_ends_current_memberships_today_keeps_history_and_a_second_deactivate_is_409()
    {
        var client = factory.ClientFor(Tenants.New());
        var unit = await RegistryApi.UnitAsync(client);
        var other = await RegistryApi.UnitAsync(client);
        var person = await RegistryApi.PersonAsync(client, "陈静", unit);
        var past = await RegistryApi.MembershipAsync(client, person, other, "2020-01-01", "2020-12-31");

        var deactivated = await RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/persons/{person}", $"/persons/{person}/deactivate",
            new { reason = "换届离任" }).OkAsync();

        Assert.True(deactivated.TryGetProperty("deactivatedAt", out _));
        var history = await client.GetFromJsonAsync<JsonElement>($"/persons/{person}/memberships");
        Assert.Equal(2, history.GetProperty("total").GetInt32());
        var ends = history.GetProperty("items").EnumerateArray().ToDictionary(m => m.GetProperty("unitId").GetGuid(), m => m.GetProperty("endsOn").GetString());
        Assert.Equal(Today, ends[unit]);
        Assert.Equal("2020-12-31", ends[other]);
        Assert.Single(await RegistryApi.EventsAsync(Db, "MembershipChanged", "membershipId", past));
        var evt = Assert.Single(await RegistryApi.EventsAsync(Db, "PersonDeactivated", "personId", person));
        Assert.Equal(("换届离任", 2), (evt.GetProperty("reason").GetString(), evt.GetProperty("version").GetInt32()));

        var again = await RegistryApi.ChangesNothingAsync(Db, () =>
            RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/persons/{person}", $"/persons/{person}/deactivate", new { reason = "再次" }));
        Assert.Equal("person-inactive", (await again.ReadProblemAsync(409)).Code());
    }

    [Fact]
    public async Task An_inactive_person_cannot_be_updated_or_given_a_membership()
    {
        var client = factory.ClientFor(Tenants.New());
        var unit = await RegistryApi.UnitAsync(client);
        var person = await RegistryApi.PersonAsync(client, "离任者");
        await RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/persons/{person}", $"/persons/{person}/deactivate", new { reason = "离任" }).OkAsync();

        var update = await RegistryApi.ChangesNothingAsync(Db, () => RegistryApi.ChangeAsync(client, HttpMethod.Put, $"/persons/{person}", $"/persons/{person}",
            new { name = "复职", roles = new[] { "member" } }));
        var join = await RegistryApi.ChangesNothingAsync(Db, () => RegistryApi.StartMembershipAsync(client, person, unit, "2025-01-01"));

        Assert.Equal("person-inactive", (await update.ReadProblemAsync(409)).Code());
        Assert.Equal("person-inactive", (await join.ReadProblemAsync(409)).Code());
    }

    [Fact]
    public async Task Deactivating_without_a_reason_is_a_400()
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await RegistryApi.PersonAsync(client);

        var response = await RegistryApi.ChangesNothingAsync(Db, () =>
            RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/persons/{person}", $"/persons/{person}/deactivate", new { reason = "" }));

        Assert.True((await response.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task A_member_may_read_but_not_update_or_deactivate()
    {
        var tenant = Tenants.New();
        var admin = factory.ClientFor(tenant);
        var person = await RegistryApi.PersonAsync(admin);
        var member = factory.ClientFor(tenant, ["member"]);

        var put = await RegistryApi.ChangesNothingAsync(Db, () => RegistryApi.ChangeAsync(member, HttpMethod.Put, $"/persons/{person}", $"/persons/{person}",
            new { name = "改名" }));
        var deactivate = await RegistryApi.ChangesNothingAsync(Db, () =>
            RegistryApi.ChangeAsync(member, HttpMethod.Post, $"/persons/{person}", $"/persons/{person}/deactivate", new { reason = "x" }));

        await put.ReadProblemAsync(403);
        await deactivate.ReadProblemAsync(403);
    }
}
