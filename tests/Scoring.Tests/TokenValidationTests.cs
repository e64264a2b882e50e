using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

public sealed class LeaderboardTokenValidationTests(ScoringFactory factory) : TokenValidationTests<Program>(factory), IClassFixture<ScoringFactory>
{
    protected override string ReadPath => "/leaderboards/persons";
    protected override string WritePath => $"/admin/dead-letters/{Guid.NewGuid()}/replay";
    protected override object WriteBody => new { };
    protected override Task<long> CountAsync() => TestDb.CountAsync(factory.ConnectionString, "ledger_entries");
}

/// <summary>Each service is its own audience: scoring takes a token that names it alone, and refuses one for intake alone.</summary>
public sealed class ScoringAudienceTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    [Fact]
    public async Task A_token_for_scoring_only_is_accepted_and_one_for_intake_only_refused()
    {
        var tenant = $"t{Guid.NewGuid():N}"[..12];

        var scoringOnly = await factory.ClientWithToken(TestTokens.Create(tenant, audience: "sqmy-scoring")).GetAsync("/leaderboards/persons");
        var intakeOnly = await factory.ClientWithToken(TestTokens.Create(tenant, audience: "sqmy-intake")).GetAsync("/leaderboards/persons");

        Assert.Equal(System.Net.HttpStatusCode.OK, scoringOnly.StatusCode);
        Assert.Equal("unauthenticated", (await intakeOnly.ReadProblemAsync(401)).GetProperty("code").GetString());
    }
}
