using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>
/// Who may read and change the tenant's units and persons: every person reads, only the tenant's administrator
/// creates; partner systems read with people.read and never create. Every refusal is 403 and creates nothing.
/// </summary>
public sealed class RoleTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private HttpClient As(string tenant, string role) => factory.ClientFor(tenant, [role], Guid.NewGuid());

    private HttpClient Partner(string tenant, params string[] scopes) =>
        factory.ClientWithToken(TestTokens.Create(tenant, ["partner"], scopes: scopes, clientId: "x"));

    private static async Task AssertForbiddenAsync(HttpResponseMessage response) =>
        Assert.Equal("forbidden", (await response.ReadProblemAsync(403)).GetProperty("code").GetString());

    /// <summary>A tenant with one unit and one person in it, created by its administrator.</summary>
    private async Task<(string Tenant, Guid Unit, Guid Person)> TenantWithDataAsync()
    {
        var tenant = Tenants.New();
        var admin = As(tenant, PlatformRoles.TenantAdmin);
        var unit = await PeopleApi.CreateUnitIdAsync(admin, "经济委员会");
        var person = (await PeopleApi.RegisterAsync(admin, "张三", unit, "member")).GetProperty("id").GetGuid();
        return (tenant, unit, person);
    }

    private static async Task AssertReadsAsync(HttpClient client, Guid unit, Guid person)
    {
        var units = await PeopleApi.ListUnitsAsync(client);
        var persons = await PeopleApi.ListPersonsAsync(client);
        var one = await client.GetAsync($"/persons/{person}");

        Assert.Equal([unit], units.EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));
        Assert.Equal([person], persons.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal("张三", (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    [InlineData("staff-editor")]
    [InlineData("director")]
    [InlineData("leader")]
    [InlineData("chair")]
    [InlineData("tenant-admin")]
    public async Task Any_person_reads_units_and_persons(string role)
    {
        var (tenant, unit, person) = await TenantWithDataAsync();
        await AssertReadsAsync(As(tenant, role), unit, person);
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    [InlineData("staff-editor")]
    [InlineData("director")]
    [InlineData("leader")]
    [InlineData("chair")]
    public async Task Only_a_tenant_admin_creates_units_and_persons(string role)
    {
        var (tenant, unit, person) = await TenantWithDataAsync();
        var client = As(tenant, role);
        var before = await PeopleDb.CountsAsync(factory.ConnectionString);

        var createUnit = await client.PostAsJsonAsync("/units", new { name = "越权的单位", category = "special-committee" });
        var register = await client.PostAsJsonAsync("/persons", new { name = "越权的人", unitId = unit, roles = new[] { "member" } });

        await AssertForbiddenAsync(createUnit);
        await AssertForbiddenAsync(register);
        Assert.Equal(before, await PeopleDb.CountsAsync(factory.ConnectionString));
        await AssertReadsAsync(As(tenant, PlatformRoles.TenantAdmin), unit, person); // still exactly what the admin created
    }

    [Fact]
    public async Task A_tenant_admin_creates_units_and_persons()
    {
        var tenant = Tenants.New();
        var admin = As(tenant, PlatformRoles.TenantAdmin);

        var unit = await PeopleApi.CreateUnitIdAsync(admin, "社会法制委员会");
        var person = await PeopleApi.RegisterAsync(admin, "李四", unit, "officer");

        Assert.Equal(unit, person.GetProperty("unitId").GetGuid());
        Assert.Equal(["李四"], PeopleApi.Names((await PeopleApi.ListPersonsAsync(admin)).GetProperty("items")));
    }

    [Fact]
    public async Task A_partner_with_people_read_reads_but_cannot_create()
    {
        var (tenant, unit, person) = await TenantWithDataAsync();
        var partner = Partner(tenant, "people.read");

        await AssertReadsAsync(partner, unit, person);

        var before = await PeopleDb.CountsAsync(factory.ConnectionString);
        await AssertForbiddenAsync(await partner.PostAsJsonAsync("/units", new { name = "合作方的单位", category = "special-committee" }));
        await AssertForbiddenAsync(await partner.PostAsJsonAsync("/persons", new { name = "合作方的人", roles = new[] { "member" } }));
        Assert.Equal(before, await PeopleDb.CountsAsync(factory.ConnectionString));
    }

    [Theory]
    [InlineData("")]
    [InlineData("intake.read intake.submit review.read scoring.read training.read")]
    public async Task A_partner_without_people_read_cannot_read(string scopes)
    {
        var (tenant, _, person) = await TenantWithDataAsync();
        var partner = Partner(tenant, scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        await AssertForbiddenAsync(await partner.GetAsync("/units"));
        await AssertForbiddenAsync(await partner.GetAsync("/persons"));
        await AssertForbiddenAsync(await partner.GetAsync($"/persons/{person}"));
    }

    [Theory]
    [InlineData("member")]
    [InlineData("staff-editor")]
    [InlineData("chair")]
    public async Task Only_a_tenant_admin_sees_dead_letters(string role)
    {
        var tenant = Tenants.New();

        await AssertForbiddenAsync(await As(tenant, role).GetAsync("/admin/dead-letters"));
        await AssertForbiddenAsync(await Partner(tenant, PlatformScopes.All).GetAsync("/admin/dead-letters"));
        Assert.Equal(HttpStatusCode.OK, (await As(tenant, PlatformRoles.TenantAdmin).GetAsync("/admin/dead-letters")).StatusCode);
    }
}
