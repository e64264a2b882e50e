using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>Each ledger entry is announced once as PointsCredited, staged in scoring's outbox with the entry.</summary>
public sealed class PointsCreditedTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    private Task<List<TestDb.OutboxRow>> CreditsAsync(Guid person) =>
        TestDb.OutboxAsync(factory.ConnectionString, "type = $1 AND payload->>'personId' = $2", "PointsCredited", person.ToString());

    [Fact]
    public async Task A_ledger_entry_is_announced_once_with_its_id_points_reason_and_source_even_when_the_event_comes_twice()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, submissionId) = (Guid.NewGuid(), Guid.NewGuid());
        await _kit.SubmittedAsync(tenant, author, submissionId);
        var adopted = await _kit.AdoptedAsync(tenant, author, submissionId, AdoptionLevel.ParentBody);
        var ledger = await _kit.WaitForLedgerAsync(tenant, author, 2);

        var again = await _kit.Feeder.PublishAsync(tenant, new SubmissionAdopted(submissionId, Guid.NewGuid(), AdoptionLevel.ParentBody, author,
            Guid.NewGuid(), ScoringKit.November2026)); // the same adoption under a new event id
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(adopted), ScoringKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(again, ScoringKit.ConsumerGroup);

        var credits = await CreditsAsync(author);
        Assert.Equal(2, credits.Count);
        Assert.All(credits, c => Assert.Equal(tenant, c.TenantId));
        var payloads = credits.Select(c => JsonDocument.Parse(c.Payload).RootElement).ToList();
        Assert.Equal(ledger.Items.Select(e => e.Id).Order(), payloads.Select(p => p.GetProperty("entryId").GetGuid()).Order());
        var byAdoption = Assert.Single(payloads, p => p.GetProperty("reason").GetString() == "adopted-parent-body");
        Assert.Equal((10m, submissionId), (byAdoption.GetProperty("points").GetDecimal(), byAdoption.GetProperty("sourceId").GetGuid()));
        Assert.Equal(ScoringKit.November2026, byAdoption.GetProperty("creditedAt").GetDateTimeOffset());
    }
}
