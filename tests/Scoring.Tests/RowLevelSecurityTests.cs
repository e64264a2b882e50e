using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

public sealed class ScoringRowLevelSecurityTests(ScoringFactory factory)
    : RowLevelSecurityTests<Program, ScoringDbContext>(factory), IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    protected override string[] Tables => ["ledger_entries"];

    protected override async Task SeedAsync(string tenant)
    {
        var fed = await _kit.SubmittedAsync(tenant, Guid.NewGuid(), Guid.NewGuid());
        await _kit.Feeder.WaitConsumedAsync(fed, ScoringKit.ConsumerGroup);
    }
}
