using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;
using SheqingMinyi.TrainingEvents.Data;

namespace SheqingMinyi.TrainingEvents.Tests;

public sealed class TrainingRowLevelSecurityTests(TrainingFactory factory)
    : RowLevelSecurityTests<Program, TrainingDbContext>(factory), IClassFixture<TrainingFactory>
{
    protected override string[] Tables => ["training_events", "attendances", "outbox_messages"];

    protected override async Task SeedAsync(string tenant)
    {
        var client = factory.ClientFor(tenant);
        var created = await client.PostAsJsonAsync("/events", new { title = "行级安全培训", kind = "expert-lecture", startsAt = DateTimeOffset.UtcNow });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await client.PostAsJsonAsync($"/events/{id}/attendance", new { personId = Guid.NewGuid() })).EnsureSuccessStatusCode();
    }
}
