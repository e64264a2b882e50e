using System.Net.Http.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>A tenant's units and people are invisible and unusable to every other tenant.</summary>
public sealed class TenantIsolationTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    [Fact]
    public async Task Another_tenants_person_is_not_found_and_absent_from_the_list()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var ofA = (await PeopleApi.RegisterAsync(a, "甲方委员")).GetProperty("id").GetGuid();
        var ofB = (await PeopleApi.RegisterAsync(b, "乙方委员")).GetProperty("id").GetGuid();

        Assert.Equal("not-found", (await (await b.GetAsync($"/persons/{ofA}")).ReadProblemAsync(404)).GetProperty("code").GetString());
        var listOfB = await PeopleApi.ListPersonsAsync(b);
        Assert.Equal(1, listOfB.GetProperty("total").GetInt32());
        Assert.Equal([ofB], listOfB.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Another_tenants_units_are_absent_from_the_list()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        await PeopleApi.CreateUnitAsync(a, "甲方单位");
        await PeopleApi.CreateUnitAsync(b, "乙方单位");

        Assert.Equal(["乙方单位"], PeopleApi.Names(await PeopleApi.ListUnitsAsync(b)));
    }

    [Fact]
    public async Task A_person_cannot_be_registered_into_another_tenants_unit()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var unitOfA = await PeopleApi.CreateUnitIdAsync(a);
        var before = await PeopleDb.CountsAsync(factory.ConnectionString);

        var response = await b.PostAsJsonAsync("/persons", new { name = "越界者", unitId = unitOfA });

        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("unitId", out _));
        Assert.Equal(before, await PeopleDb.CountsAsync(factory.ConnectionString));
    }

    [Fact]
    public async Task Filtering_by_another_tenants_unit_finds_nobody()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var unitOfA = await PeopleApi.CreateUnitIdAsync(a);
        await PeopleApi.RegisterAsync(a, "甲方委员", unitOfA);

        var page = await PeopleApi.ListPersonsAsync(b, $"?unitId={unitOfA}");

        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }
}
