using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

public sealed class ReviewCaseTokenValidationTests(ReviewFactory factory) : TokenValidationTests<Program>(factory), IClassFixture<ReviewFactory>
{
    protected override string ReadPath => "/cases";
    protected override string WritePath => $"/cases/{Guid.NewGuid()}/decisions";
    protected override object WriteBody => new { action = "pass" };
    protected override Task<long> CountAsync() => TestDb.CountAsync(factory.ConnectionString, "review_decisions");
}
