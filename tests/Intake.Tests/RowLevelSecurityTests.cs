using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

public sealed class IntakeRowLevelSecurityTests(IntakeFactory factory)
    : RowLevelSecurityTests<Program, IntakeDbContext>(factory), IClassFixture<IntakeFactory>
{
    protected override string[] Tables => ["submissions", "outbox_messages", "chair_channel_settings", "publication_issues", "golden_ideas", "excellent_selections"];

    protected override async Task SeedAsync(string tenant)
    {
        var client = factory.ClientFor(tenant);
        var created = await client.PostAsJsonAsync("/submissions", new { title = "行级安全", body = "正文", authorPersonId = Guid.NewGuid(), unitId = Guid.NewGuid() });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await Drafts.PostSubmitAsync(client, id)).EnsureSuccessStatusCode();
        await ChannelKit.SetChairAsync(factory, tenant, [Guid.NewGuid()]);
        await PublicationKit.CreateIssueAsync(client);
        (await PublicationKit.PostAsync(client, PublicationKit.GoldenIdeas, new { submissionId = id, meeting = "weekly", meetingOn = "2026-12-07" })).EnsureSuccessStatusCode();
        (await PublicationKit.PostAsync(client, PublicationKit.Selections, new { year = 2026, half = 1 })).EnsureSuccessStatusCode();
    }
}
