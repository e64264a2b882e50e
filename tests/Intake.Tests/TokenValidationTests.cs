using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

public sealed class SubmissionTokenValidationTests(IntakeFactory factory) : TokenValidationTests<Program>(factory), IClassFixture<IntakeFactory>
{
    protected override string ReadPath => "/submissions";
    protected override string WritePath => "/submissions";
    protected override object WriteBody => new { title = "无令牌", body = "正文", authorPersonId = Guid.NewGuid(), unitId = Guid.NewGuid() };
    protected override Task<long> CountAsync() => TestDb.CountAsync(factory.ConnectionString, "submissions");
}

/// <summary>Each service is its own audience: a token for scoring alone does not open intake.</summary>
public sealed class IntakeAudienceTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    [Fact]
    public async Task A_token_for_scoring_only_is_refused_and_one_naming_intake_accepted()
    {
        var tenant = $"t{Guid.NewGuid():N}"[..12];

        var scoringOnly = await factory.ClientWithToken(TestTokens.Create(tenant, audience: "sqmy-scoring")).GetAsync("/submissions");
        var intake = await factory.ClientWithToken(TestTokens.Create(tenant, audience: "sqmy-intake")).GetAsync("/submissions");

        Assert.Equal("unauthenticated", (await scoringOnly.ReadProblemAsync(401)).GetProperty("code").GetString());
        Assert.Equal(System.Net.HttpStatusCode.OK, intake.StatusCode);
    }
}
