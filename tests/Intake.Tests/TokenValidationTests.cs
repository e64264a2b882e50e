using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

public sealed class SubmissionTokenValidationTests(IntakeFactory factory) : TokenValidationTests<Program>(factory), IClassFixture<IntakeFactory>
{
    protected override string ReadPath => "/submissions";
    protected override string WritePath => "/submissions";
    protected override object WriteBody => new { title = "无令牌", body = "正文", authorPersonId = Guid.NewGuid(), unitId = Guid.NewGuid() };
    protected override Task<long> CountAsync() => TestDb.CountAsync(factory.ConnectionString, "submissions");
}
