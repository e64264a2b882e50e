using System.Net.Http.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.People.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

public sealed class PeopleRowLevelSecurityTests(PeopleFactory factory)
    : RowLevelSecurityTests<Program, PeopleDbContext>(factory), IClassFixture<PeopleFactory>
{
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);

    protected override string[] Tables => ["units", "persons", "outbox_messages", "record_golden_ideas", "record_selections"];

    protected override async Task SeedAsync(string tenant)
    {
        var client = factory.ClientFor(tenant);
        (await client.PostAsJsonAsync("/units", new { name = $"单位{Guid.NewGuid():N}"[..10], category = "sector" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/persons", new { name = "行级安全" })).EnsureSuccessStatusCode();
        // The member record's honours come from events only.
        AuthorShare[] author = [new(Guid.NewGuid(), 1, 1m)];
        await FeedAsync(tenant, new GoldenIdeaFlagged(Guid.NewGuid(), Guid.NewGuid(), "weekly", new DateOnly(2026, 12, 7), null, author, [], DateTimeOffset.UtcNow));
        await FeedAsync(tenant, new ExcellentSelectionPublished(Guid.NewGuid(), 2026, 2, [new SelectedItem(Guid.NewGuid(), author, [])], DateTimeOffset.UtcNow));
    }

    private async Task FeedAsync<T>(string tenant, T e) where T : notnull =>
        await _feeder.WaitConsumedAsync(await _feeder.PublishAsync(tenant, e), ResourceNames.People);
}
