using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>人员: register, read and list; each registration announces PersonRegistered through the outbox.</summary>
public sealed class PersonsApiTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private static Guid[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    [Fact]
    public async Task Registering_a_person_returns_them_and_they_can_be_read_back()
    {
        var client = factory.ClientFor(Tenants.New());
        var unitId = await PeopleApi.CreateUnitIdAsync(client);

        var response = await client.PostAsJsonAsync("/persons", new { name = " 张明 ", unitId, roles = new[] { "member", "officer" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/persons/{id}", response.Headers.Location?.OriginalString);
        var read = await client.GetFromJsonAsync<JsonElement>($"/persons/{id}");
        Assert.Equal(id, read.GetProperty("id").GetGuid());
        Assert.Equal("张明", read.GetProperty("name").GetString());
        Assert.Equal(unitId, read.GetProperty("unitId").GetGuid());
        Assert.Equal(["member", "officer"], read.GetProperty("roles").Strings());
    }

    [Fact]
    public async Task A_person_needs_neither_unit_nor_roles()
    {
        var client = factory.ClientFor(Tenants.New());

        var response = await client.PostAsJsonAsync("/persons", new { name = "王芳" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var person = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(person.TryGetProperty("unitId", out _), "no unit");
        Assert.Empty(person.GetProperty("roles").EnumerateArray());
    }

    [Fact]
    public async Task Repeated_roles_are_kept_once()
    {
        var person = await PeopleApi.RegisterAsync(factory.ClientFor(Tenants.New()), "李华", null, "member", "member", "chair");
        Assert.Equal(["member", "chair"], person.GetProperty("roles").Strings());
    }

    [Fact]
    public async Task Registering_writes_one_PersonRegistered_event_for_the_tenant_with_the_payload()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var unitId = await PeopleApi.CreateUnitIdAsync(client);

        var id = (await PeopleApi.RegisterAsync(client, "陈静", unitId, "leader")).GetProperty("id").GetGuid();

        var row = Assert.Single(await PeopleDb.OutboxAsync(factory.ConnectionString, "PersonRegistered", "personId", id));
        Assert.Equal(tenant, row.TenantId);
        var payload = JsonDocument.Parse(row.Payload).RootElement;
        Assert.Equal("陈静", payload.GetProperty("name").GetString());
        Assert.Equal(unitId, payload.GetProperty("unitId").GetGuid());
        Assert.Equal(["leader"], payload.GetProperty("roles").Strings());
        // Written in the same transaction as the person: both exist.
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM persons WHERE id = $1", id));
    }

    [Fact]
    public async Task The_list_is_ordered_by_name_paged_and_carries_the_total()
    {
        var client = factory.ClientFor(Tenants.New());
        var c = (await PeopleApi.RegisterAsync(client, "C 刘")).GetProperty("id").GetGuid();
        var a = (await PeopleApi.RegisterAsync(client, "A 赵")).GetProperty("id").GetGuid();
        var b = (await PeopleApi.RegisterAsync(client, "B 钱")).GetProperty("id").GetGuid();

        var first = await PeopleApi.ListPersonsAsync(client, "?page=1&pageSize=2");
        var second = await PeopleApi.ListPersonsAsync(client, "?page=2&pageSize=2");
        var all = await PeopleApi.ListPersonsAsync(client);

        Assert.Equal([a, b], Ids(first));
        Assert.Equal([c], Ids(second));
        Assert.Equal([a, b, c], Ids(all));
        Assert.All(new[] { first, second, all }, p => Assert.Equal(3, p.GetProperty("total").GetInt32()));
        Assert.Equal(20, all.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task The_unit_filter_returns_only_that_units_people()
    {
        var client = factory.ClientFor(Tenants.New());
        var unit = await PeopleApi.CreateUnitIdAsync(client);
        var other = await PeopleApi.CreateUnitIdAsync(client);
        var inUnit = (await PeopleApi.RegisterAsync(client, "甲", unit)).GetProperty("id").GetGuid();
        await PeopleApi.RegisterAsync(client, "乙", other);
        await PeopleApi.RegisterAsync(client, "丙");

        var page = await PeopleApi.ListPersonsAsync(client, $"?unitId={unit}");

        Assert.Equal([inUnit], Ids(page));
        Assert.Equal(1, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_unknown_person_is_not_found()
    {
        var unknown = Guid.NewGuid();
        var response = await factory.ClientFor(Tenants.New()).GetAsync($"/persons/{unknown}");

        var problem = await response.ReadProblemAsync(404);
        Assert.Equal("not-found", problem.GetProperty("code").GetString());
        Assert.Contains(unknown.ToString(), problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=201")]
    [InlineData("?page=0")]
    public async Task Out_of_range_paging_is_a_validation_problem(string query)
    {
        var response = await factory.ClientFor(Tenants.New()).GetAsync($"/persons{query}");
        Assert.Equal("validation-failed", (await response.ReadProblemAsync(400)).GetProperty("code").GetString());
    }
}
