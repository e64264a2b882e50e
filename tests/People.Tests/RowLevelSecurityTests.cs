using System.Net.Http.Json;
using SheqingMinyi.People.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

public sealed class PeopleRowLevelSecurityTests(PeopleFactory factory)
    : RowLevelSecurityTests<Program, PeopleDbContext>(factory), IClassFixture<PeopleFactory>
{
    protected override string[] Tables => ["units", "persons", "outbox_messages"];

    protected override async Task SeedAsync(string tenant)
    {
        var client = factory.ClientFor(tenant);
        (await client.PostAsJsonAsync("/units", new { name = $"单位{Guid.NewGuid():N}"[..10], category = "sector" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/persons", new { name = "行级安全" })).EnsureSuccessStatusCode();
    }
}
