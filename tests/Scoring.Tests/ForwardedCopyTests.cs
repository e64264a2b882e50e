using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>
/// 下级转报: the parent's copy of a forwarded item names no person (Guid.Empty, no shares): its submission and its
/// adoption in the parent credit nobody; the original's authors are credited in their own tenant.
/// </summary>
public sealed class ForwardedCopyTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    [Fact]
    public async Task A_forwarded_copy_submitted_and_adopted_in_the_parent_writes_no_ledger_entry()
    {
        var parent = ScoringKit.NewTenant();
        var copy = Guid.NewGuid();

        await _kit.Feeder.PublishAsync(parent, new SubmissionSubmitted(copy, "转报的信息", Guid.Empty, Guid.Empty, ScoringKit.November2026,
            [], [], "situation-report", Channel: "forwarded", Origin: new SubmissionOrigin(ScoringKit.NewTenant(), Guid.NewGuid())));
        var adopted = await _kit.Feeder.PublishAsync(parent, new SubmissionAdopted(copy, Guid.NewGuid(), AdoptionLevel.OwnBody, Guid.Empty,
            Guid.Empty, ScoringKit.November2026));
        await _kit.Feeder.WaitConsumedAsync(adopted, ScoringKit.ConsumerGroup);
        // A real author in the same tenant afterwards is credited as usual: the consumer was running.
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(parent);

        Assert.Equal(2, (await _kit.LedgerAsync(parent, author)).Total);
        Assert.Equal(0, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM ledger_entries WHERE source_id = $1", copy));
    }
}
