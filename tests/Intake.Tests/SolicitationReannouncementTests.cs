using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.Intake.Jobs;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;
using static SheqingMinyi.Intake.Tests.SolicitationKit;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Open solicitations issued before review kept their audiences are announced once more (the next Version, in
/// their own tenant), so review can invite persons who join while they are open; closed ones and ones announced since
/// are left alone, however often the job runs.</summary>
public sealed class SolicitationReannouncementTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private string Cs => factory.ConnectionString;
    private SolicitationReannouncement Job => factory.Services.GetRequiredService<SolicitationReannouncement>();

    private Task<List<TestDb.OutboxRow>> IssuedAsync(Guid solicitationId) =>
        TestDb.OutboxAsync(Cs, "payload->>'solicitationId' = $1 AND type = $2", solicitationId.ToString(), nameof(SolicitationIssued));

    private async Task<Guid> IssueAsync(string tenant, Guid unit)
    {
        var response = await factory.ClientFor(tenant, ["staff-editor"], Guid.NewGuid()).PostAsJsonAsync(Route, New([unit]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Open_solicitations_from_before_are_announced_once_with_the_next_version_and_closed_ones_not()
    {
        var (one, two) = (Tenants.New(), Tenants.New());
        var (unitOne, unitTwo) = (Guid.NewGuid(), Guid.NewGuid());
        await UnitAsync(Cs, one, unitOne);
        await UnitAsync(Cs, two, unitTwo);
        var (open, closed, since) = (await IssueAsync(one, unitOne), await IssueAsync(two, unitTwo), await IssueAsync(two, unitTwo));
        Assert.Equal(HttpStatusCode.OK, (await CloseAsync(factory.ClientFor(two, ["staff-editor"], Guid.NewGuid()), closed)).StatusCode);
        // As the migration leaves them: open ones issued before it unannounced (a closed one is never due).
        await ExecuteAsync(Cs, "UPDATE solicitations SET audience_announced = false WHERE id = ANY($1)", new[] { open });

        Assert.True(await Job.RunOnceAsync(CancellationToken.None) >= 1);
        await Job.RunOnceAsync(CancellationToken.None);

        var versions = (await IssuedAsync(open)).Select(r => (r.TenantId, JsonDocument.Parse(r.Payload).RootElement.GetProperty("version").GetInt32()));
        Assert.Equal([(one, 1), (one, 2)], versions);
        var again = JsonDocument.Parse((await IssuedAsync(open))[1].Payload).RootElement;
        Assert.Equal(unitOne, Assert.Single(again.GetProperty("targetUnitIds").EnumerateArray()).GetGuid());
        Assert.False(again.TryGetProperty("closedAt", out var closedAt) && closedAt.ValueKind != JsonValueKind.Null); // still open
        Assert.Equal(2, (await IssuedAsync(closed)).Count); // issued and closed: nothing more
        Assert.Single(await IssuedAsync(since));
        Assert.Equal(0L, await TestDb.ScalarAsync<long>(Cs, "SELECT count(*) FROM solicitations WHERE id = ANY($1) AND NOT audience_announced",
            new[] { open, closed, since }));
        Assert.Equal(2, await TestDb.ScalarAsync<int>(Cs, "SELECT event_version FROM solicitations WHERE id = $1", open));
    }
}
