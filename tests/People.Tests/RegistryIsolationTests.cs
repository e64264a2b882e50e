using System.Net.Http.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>Another tenant's units, persons and memberships: every registry route answers 404 and changes nothing.</summary>
public sealed class RegistryIsolationTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private sealed record OfA(Guid Unit, Guid Person, Guid Membership);

    private async Task<OfA> ArrangeAsync(HttpClient a)
    {
        var unit = await RegistryApi.UnitAsync(a);
        var person = await RegistryApi.PersonAsync(a, "甲方委员");
        return new(unit, person, await RegistryApi.MembershipAsync(a, person, unit, "2024-01-01"));
    }

    public static TheoryData<string, string, string> Routes => new()
    {
        { "GET", "/units/{unit}", "" },
        { "PUT", "/units/{unit}", """{"name":"越界"}""" },
        { "POST", "/units/{unit}/move", """{"parentId":null}""" },
        { "POST", "/units/{unit}/close", """{"reason":"越界"}""" },
        { "GET", "/units/{unit}/members", "" },
        { "PUT", "/persons/{person}", """{"name":"越界"}""" },
        { "POST", "/persons/{person}/deactivate", """{"reason":"越界"}""" },
        { "GET", "/persons/{person}/memberships", "" },
        { "POST", "/persons/{person}/memberships", """{"unitId":"{ownUnit}","role":"委员","startsOn":"2025-01-01"}""" },
        { "GET", "/memberships/{membership}", "" },
        { "PUT", "/memberships/{membership}", """{"role":"越界"}""" },
        { "POST", "/memberships/{membership}/end", """{"endsOn":"2025-01-01"}""" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Another_tenants_ids_are_not_found_and_nothing_changes(string method, string route, string body)
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var ofA = await ArrangeAsync(a);
        var ownUnit = await RegistryApi.UnitAsync(b);
        string Fill(string text) => text.Replace("{unit}", ofA.Unit.ToString()).Replace("{person}", ofA.Person.ToString())
            .Replace("{membership}", ofA.Membership.ToString()).Replace("{ownUnit}", ownUnit.ToString());
        var request = new HttpRequestMessage(new HttpMethod(method), Fill(route));
        if (body.Length > 0) request.Content = new StringContent(Fill(body), System.Text.Encoding.UTF8, "application/json");
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\""); // A's rows are all at version 1

        var response = await RegistryApi.ChangesNothingAsync(factory.ConnectionString, () => b.SendAsync(request));

        Assert.Equal("not-found", (await response.ReadProblemAsync(404)).Code());
    }

    [Fact]
    public async Task Another_tenants_unit_is_an_unknown_parent_and_an_unknown_unit_for_a_membership()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var ofA = await ArrangeAsync(a);
        var ownUnit = await RegistryApi.UnitAsync(b);
        var ownPerson = await RegistryApi.PersonAsync(b);

        var create = await RegistryApi.ChangesNothingAsync(factory.ConnectionString, () =>
            b.PostAsJsonAsync("/units", new { name = "乙下级", category = "sector", parentId = ofA.Unit }));
        var move = await RegistryApi.ChangesNothingAsync(factory.ConnectionString, () =>
            RegistryApi.ChangeAsync(b, HttpMethod.Post, $"/units/{ownUnit}", $"/units/{ownUnit}/move", new { parentId = ofA.Unit }));
        var join = await RegistryApi.ChangesNothingAsync(factory.ConnectionString, () =>
            RegistryApi.StartMembershipAsync(b, ownPerson, ofA.Unit, "2025-01-01"));

        foreach (var response in new[] { create, move, join })
            Assert.Equal("validation-failed", (await response.ReadProblemAsync(400)).Code());
        Assert.Empty((await b.GetFromJsonAsync<System.Text.Json.JsonElement>("/units/tree")).EnumerateArray()
            .SelectMany(t => t.GetProperty("units").EnumerateArray()).Where(u => u.GetProperty("id").GetGuid() == ofA.Unit));
    }
}
