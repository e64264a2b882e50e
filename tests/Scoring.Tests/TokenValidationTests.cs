using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

public sealed class LeaderboardTokenValidationTests(ScoringFactory factory) : TokenValidationTests<Program>(factory), IClassFixture<ScoringFactory>
{
    protected override string ReadPath => "/leaderboards/persons";
    protected override string WritePath => $"/admin/dead-letters/{Guid.NewGuid()}/replay";
    protected override object WriteBody => new { };
    protected override Task<long> CountAsync() => TestDb.CountAsync(factory.ConnectionString, "ledger_entries");
}
