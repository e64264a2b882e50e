using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

public sealed class TrainingEventTokenValidationTests(TrainingFactory factory) : TokenValidationTests<Program>(factory), IClassFixture<TrainingFactory>
{
    protected override string ReadPath => "/events";
    protected override string WritePath => "/events";
    protected override object WriteBody => new { title = "无令牌", kind = "expert-lecture", startsAt = DateTimeOffset.UtcNow };
    protected override Task<long> CountAsync() => TestDb.CountAsync(factory.ConnectionString, "training_events");
}
