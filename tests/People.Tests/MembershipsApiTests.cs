using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>任职: several units at once, each with a role and dates; history kept and queryable as of a day.</summary>
public sealed class MembershipsApiTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private string Db => factory.ConnectionString;

    [Fact]
    public async Task Starting_a_membership_returns_it_with_names_and_writes_MembershipChanged_version_1()
    {
        var client = factory.ClientFor(Tenants.New());
        var unit = await RegistryApi.UnitAsync(client, "sector", name: "教育界");
        var person = await RegistryApi.PersonAsync(client, "张明");

        var response = await RegistryApi.StartMembershipAsync(client, person, unit, "2024-01-01", "2027-12-31", " 委员 ");

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/memberships/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("张明", "教育界", "sector", "委员", "2024-01-01", "2027-12-31"), (created.GetProperty("personName").GetString(),
            created.GetProperty("unitName").GetString(), created.GetProperty("unitCategory").GetString(), created.GetProperty("role").GetString(),
            created.GetProperty("startsOn").GetString(), created.GetProperty("endsOn").GetString()));
        var evt = Assert.Single(await RegistryApi.EventsAsync(Db, "MembershipChanged", "membershipId", id));
        Assert.Equal((person, unit, 1), (evt.GetProperty("personId").GetGuid(), evt.GetProperty("unitId").GetGuid(), evt.GetProperty("version").GetInt32()));
        Assert.Equal("\"1\"", (await RegistryApi.ReadAsync(client, $"/memberships/{id}")).ETag);
    }

    [Fact]
    public async Task An_overlapping_membership_in_the_same_unit_is_a_409_but_another_unit_or_a_later_term_is_fine()
    {
        var client = factory.ClientFor(Tenants.New());
        var unit = await RegistryApi.UnitAsync(client);
        var other = await RegistryApi.UnitAsync(client);
        var person = await RegistryApi.PersonAsync(client);
        await RegistryApi.MembershipAsync(client, person, unit, "2023-01-01", "2023-12-31");

        var overlap = await RegistryApi.ChangesNothingAsync(Db, () => RegistryApi.StartMembershipAsync(client, person, unit, "2023-12-31"));
        Assert.Equal("membership-overlap", (await overlap.ReadProblemAsync(409)).Code());

        await RegistryApi.MembershipAsync(client, person, unit, "2024-01-01");
        await RegistryApi.MembershipAsync(client, person, other, "2023-06-01");
        var open = await RegistryApi.ChangesNothingAsync(Db, () => RegistryApi.StartMembershipAsync(client, person, unit, "2030-01-01"));
        Assert.Equal("membership-overlap", (await open.ReadProblemAsync(409)).Code());
        Assert.Equal(3, (await client.GetFromJsonAsync<JsonElement>($"/persons/{person}/memberships")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("2025-02-01", "2025-01-31", null, "endsOn")]
    [InlineData(null, null, "委员", "startsOn")]
    [InlineData("2025-01-01", null, " ", "role")]
    public async Task Bad_dates_or_a_missing_role_are_a_400_naming_the_field(string? startsOn, string? endsOn, string? role, string field)
    {
        var client = factory.ClientFor(Tenants.New());
        var unit = await RegistryApi.UnitAsync(client);
        var person = await RegistryApi.PersonAsync(client);

        var response = await RegistryApi.ChangesNothingAsync(Db, () =>
            client.PostAsJsonAsync($"/persons/{person}/memberships", new { unitId = unit, role = role ?? "委员", startsOn, endsOn }));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task An_unknown_unit_is_a_400_and_an_unknown_person_a_404()
    {
        var client = factory.ClientFor(Tenants.New());
        var unit = await RegistryApi.UnitAsync(client);
        var person = await RegistryApi.PersonAsync(client);

        var noUnit = await RegistryApi.ChangesNothingAsync(Db, () => RegistryApi.StartMembershipAsync(client, person, Guid.NewGuid(), "2025-01-01"));
        var noPerson = await RegistryApi.ChangesNothingAsync(Db, () => RegistryApi.StartMembershipAsync(client, Guid.NewGuid(), unit, "2025-01-01"));

        Assert.True((await noUnit.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("unitId", out _));
        await noPerson.ReadProblemAsync(404);
    }

    [Fact]
    public async Task Ending_sets_the_last_day_and_ending_before_the_start_is_a_400()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await RegistryApi.MembershipAsync(client, await RegistryApi.PersonAsync(client), await RegistryApi.UnitAsync(client), "2024-03-01");

        var early = await RegistryApi.ChangesNothingAsync(Db, () =>
            RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/memberships/{id}", $"/memberships/{id}/end", new { endsOn = "2024-02-28" }));
        var ended = await RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/memberships/{id}", $"/memberships/{id}/end", new { endsOn = "2025-06-30" }).OkAsync();
        var again = await RegistryApi.ChangesNothingAsync(Db, () =>
            RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/memberships/{id}", $"/memberships/{id}/end", new { endsOn = "2025-07-31" }));

        Assert.True((await early.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("endsOn", out _));
        Assert.Equal("2025-06-30", ended.GetProperty("endsOn").GetString());
        Assert.Equal("membership-ended", (await again.ReadProblemAsync(409)).Code());
        var events = await RegistryApi.EventsAsync(Db, "MembershipChanged", "membershipId", id);
        Assert.Equal([1, 2], events.Select(e => e.GetProperty("version").GetInt32()));
        Assert.Equal("2025-06-30", events[1].GetProperty("endsOn").GetString());
    }

    [Fact]
    public async Task Changing_the_role_needs_the_etag_and_announces_the_new_role()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await RegistryApi.MembershipAsync(client, await RegistryApi.PersonAsync(client), await RegistryApi.UnitAsync(client), "2024-03-01");
        var (_, etag) = await RegistryApi.ReadAsync(client, $"/memberships/{id}");

        var changed = await RegistryApi.SendAsync(client, HttpMethod.Put, $"/memberships/{id}", new { role = "副主任" }, etag).OkAsync();
        var stale = await RegistryApi.ChangesNothingAsync(Db, () => RegistryApi.SendAsync(client, HttpMethod.Put, $"/memberships/{id}", new { role = "主任" }, etag));
        var empty = await RegistryApi.ChangesNothingAsync(Db, () =>
            RegistryApi.ChangeAsync(client, HttpMethod.Put, $"/memberships/{id}", $"/memberships/{id}", new { role = "" }));

        Assert.Equal("副主任", changed.GetProperty("role").GetString());
        await stale.ReadProblemAsync(412);
        await empty.ReadProblemAsync(400);
        var events = await RegistryApi.EventsAsync(Db, "MembershipChanged", "membershipId", id);
        Assert.Equal(("副主任", 2), (events[^1].GetProperty("role").GetString(), events[^1].GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Who_was_in_which_unit_on_a_given_day()
    {
        var client = factory.ClientFor(Tenants.New());
        var economy = await RegistryApi.UnitAsync(client, name: "经济委员会");
        var sector = await RegistryApi.UnitAsync(client, "sector", name: "教育界");
        var zhang = await RegistryApi.PersonAsync(client, "A 张明");
        var li = await RegistryApi.PersonAsync(client, "B 李华");
        var zhangEconomy = await RegistryApi.MembershipAsync(client, zhang, economy, "2023-01-01", "2024-06-30");
        var zhangSector = await RegistryApi.MembershipAsync(client, zhang, sector, "2024-07-01");
        var liEconomy = await RegistryApi.MembershipAsync(client, li, economy, "2024-01-01");

        async Task<Guid[]> Of(string path) => (await client.GetFromJsonAsync<JsonElement>(path)).Ids();

        Assert.Equal([zhangEconomy], await Of($"/persons/{zhang}/memberships?on=2024-06-30"));
        Assert.Equal([zhangSector], await Of($"/persons/{zhang}/memberships?on=2024-07-01"));
        Assert.Empty(await Of($"/persons/{zhang}/memberships?on=2022-12-31"));
        Assert.Equal([zhangSector, zhangEconomy], await Of($"/persons/{zhang}/memberships")); // the whole history, newest first
        Assert.Equal([zhangEconomy, liEconomy], await Of($"/units/{economy}/members?on=2024-03-15"));
        Assert.Equal([liEconomy], await Of($"/units/{economy}/members?on=2024-07-01"));
        Assert.Equal([liEconomy], await Of($"/units/{economy}/members")); // today
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/units/{economy}/members?on=2024-03-15&pageSize=1")).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("2024-13-01")]
    [InlineData("yesterday")]
    [InlineData("2024/01/01")]
    public async Task A_day_that_is_not_yyyy_MM_dd_is_a_400(string on)
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await RegistryApi.PersonAsync(client);
        var unit = await RegistryApi.UnitAsync(client);

        var ofPerson = await client.GetAsync($"/persons/{person}/memberships?on={on}");
        var ofUnit = await client.GetAsync($"/units/{unit}/members?on={on}");

        Assert.True((await ofPerson.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("on", out _));
        Assert.True((await ofUnit.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("on", out _));
    }

    [Fact]
    public async Task A_member_reads_memberships_but_may_not_start_or_end_one()
    {
        var tenant = Tenants.New();
        var admin = factory.ClientFor(tenant);
        var person = await RegistryApi.PersonAsync(admin);
        var unit = await RegistryApi.UnitAsync(admin);
        var id = await RegistryApi.MembershipAsync(admin, person, unit, "2024-01-01");
        var member = factory.ClientFor(tenant, ["member"]);

        var start = await RegistryApi.ChangesNothingAsync(Db, () => RegistryApi.StartMembershipAsync(member, person, unit, "2030-01-01"));
        var end = await RegistryApi.ChangesNothingAsync(Db, () =>
            RegistryApi.ChangeAsync(member, HttpMethod.Post, $"/memberships/{id}", $"/memberships/{id}/end", new { endsOn = "2025-01-01" }));

        await start.ReadProblemAsync(403);
        await end.ReadProblemAsync(403);
        Assert.Equal([id], (await member.GetFromJsonAsync<JsonElement>($"/units/{unit}/members")).Ids());
    }
}

/// <summary>The overlap rule under concurrency: the check and the insert are not atomic, the exclusion constraint is.</summary>
public sealed class ConcurrentMembershipTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    [Fact]
    public async Task Concurrent_overlapping_starts_make_one_membership_and_conflicts()
    {
        var client = factory.ClientFor(Tenants.New());
        var unit = await RegistryApi.UnitAsync(client);
        for (var round = 0; round < 3; round++)
        {
            var person = await RegistryApi.PersonAsync(client, $"并发{round}");
            var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
                RegistryApi.StartMembershipAsync(client, person, unit, $"2024-01-{i + 1:00}")));

            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.True(statuses.Count(s => s == 201) == 1 && statuses.All(s => s is 201 or 409), $"round {round}: {string.Join(",", statuses)}");
            Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/persons/{person}/memberships")).GetProperty("total").GetInt32());
        }
    }
}
