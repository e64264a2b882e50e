using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

public sealed class PersonTokenValidationTests(PeopleFactory factory) : TokenValidationTests<Program>(factory), IClassFixture<PeopleFactory>
{
    protected override string ReadPath => "/persons";
    protected override string WritePath => "/persons";
    protected override object WriteBody => new { name = "无令牌" };
    protected override Task<long> CountAsync() => TestDb.CountAsync(factory.ConnectionString, "persons");
}
