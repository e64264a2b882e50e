using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>单位: create and list; names are unique within a tenant.</summary>
public sealed class UnitsApiTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private async Task<HttpResponseMessage> ChangesNothingAsync(Func<Task<HttpResponseMessage>> call)
    {
        var before = await PeopleDb.CountsAsync(factory.ConnectionString);
        var response = await call();
        Assert.Equal(before, await PeopleDb.CountsAsync(factory.ConnectionString));
        return response;
    }

    [Fact]
    public async Task Creating_a_unit_returns_it_trimmed_with_its_location()
    {
        var client = factory.ClientFor(Tenants.New());

        var response = await client.PostAsJsonAsync("/units", new { name = "  经济委员会 ", category = " special-committee " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var unit = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = unit.GetProperty("id").GetGuid();
        Assert.NotEqual(Guid.Empty, id);
        Assert.Equal($"/units/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("经济委员会", unit.GetProperty("name").GetString());
        Assert.Equal("special-committee", unit.GetProperty("category").GetString());
    }

    [Fact]
    public async Task The_list_holds_the_tenants_units_ordered_by_name()
    {
        var client = factory.ClientFor(Tenants.New());
        var b = await PeopleApi.CreateUnitIdAsync(client, "B 报送点");
        var a = await PeopleApi.CreateUnitIdAsync(client, "A 专委会");

        var units = await PeopleApi.ListUnitsAsync(client);

        Assert.Equal([a, b], units.EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));
        Assert.Equal(["A 专委会", "B 报送点"], PeopleApi.Names(units));
    }

    [Fact]
    public async Task Creating_a_unit_writes_a_UnitCreated_event_for_the_tenant()
    {
        var tenant = Tenants.New();
        var unit = await PeopleApi.CreateUnitAsync(factory.ClientFor(tenant), "文化文史委员会", "special-committee");
        var id = unit.GetProperty("id").GetGuid();

        var row = Assert.Single(await PeopleDb.OutboxAsync(factory.ConnectionString, "UnitCreated", "unitId", id));
        Assert.Equal(tenant, row.TenantId);
        var payload = JsonDocument.Parse(row.Payload).RootElement;
        Assert.Equal("文化文史委员会", payload.GetProperty("name").GetString());
        Assert.Equal("special-committee", payload.GetProperty("category").GetString());
    }

    [Theory]
    [InlineData("社会法制委员会")]
    [InlineData("  社会法制委员会  ")] // the same name once trimmed
    public async Task A_duplicate_name_in_the_tenant_is_a_conflict_and_writes_nothing(string again)
    {
        var client = factory.ClientFor(Tenants.New());
        await PeopleApi.CreateUnitAsync(client, "社会法制委员会");

        var response = await ChangesNothingAsync(() => client.PostAsJsonAsync("/units", new { name = again, category = "sector" }));

        var problem = await response.ReadProblemAsync(409);
        Assert.Equal("duplicate-name", problem.GetProperty("code").GetString());
        Assert.Single(PeopleApi.Names(await PeopleApi.ListUnitsAsync(client)));
    }

    [Fact]
    public async Task The_same_name_is_free_in_another_tenant()
    {
        await PeopleApi.CreateUnitAsync(factory.ClientFor(Tenants.New()), "提案委员会");

        var unit = await PeopleApi.CreateUnitAsync(factory.ClientFor(Tenants.New()), "提案委员会");

        Assert.Equal("提案委员会", unit.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(null, "sector", "name")]
    [InlineData("  ", "sector", "name")]
    [InlineData("某委员会", null, "category")]
    [InlineData("某委员会", "", "category")]
    public async Task A_missing_field_is_a_validation_problem_keyed_by_that_field(string? name, string? category, string field)
    {
        var client = factory.ClientFor(Tenants.New());

        var response = await ChangesNothingAsync(() => client.PostAsJsonAsync("/units", new { name, category }));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Over_long_name_and_category_are_rejected()
    {
        var client = factory.ClientFor(Tenants.New());

        var response = await ChangesNothingAsync(() => client.PostAsJsonAsync("/units",
            new { name = new string('委', 101), category = new string('c', 65) }));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal(["category", "name"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task A_name_of_exactly_100_characters_is_accepted()
    {
        var unit = await PeopleApi.CreateUnitAsync(factory.ClientFor(Tenants.New()), new string('委', 100));
        Assert.Equal(100, unit.GetProperty("name").GetString()!.Length);
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request_problem()
    {
        var client = factory.ClientFor(Tenants.New());

        var response = await ChangesNothingAsync(() => client.PostAsync("/units",
            new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json")));

        Assert.Equal("bad-request", (await response.ReadProblemAsync(400)).GetProperty("code").GetString());
    }

    /// <summary>Guards a fixed bug: the name check and the insert are not atomic; the loser of a race hits the unique
    /// index (tenant_id, name) and its DbUpdateException is unhandled, so it gets 500 instead of 409.
    /// Several rounds of wide bursts so the race is hit on every run, not just on a quiet machine.</summary>
    [Fact]
    public async Task Concurrent_creates_of_one_name_make_one_unit_and_conflicts()
    {
        var client = factory.ClientFor(Tenants.New());
        for (var round = 0; round < 5; round++)
        {
            var name = $"港澳台侨委员会{round}";
            var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
                client.PostAsJsonAsync("/units", new { name, category = "special-committee" })));

            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.True(statuses.Count(s => s == 201) == 1 && statuses.All(s => s is 201 or 409),
                $"round {round} statuses: {string.Join(",", statuses)}");
        }
        Assert.Equal(5, PeopleApi.Names(await PeopleApi.ListUnitsAsync(client)).Length);
    }
}
