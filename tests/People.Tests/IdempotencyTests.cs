using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

public sealed class PersonIdempotencyTests(PeopleFactory factory) : IdempotencyTests<Program>(factory), IClassFixture<PeopleFactory>
{
    protected override string Path => "/persons";
    protected override object NewBody() => new { name = $"会员{Guid.NewGuid():N}"[..10], roles = new[] { "member" } };
    protected override object InvalidBody() => new { name = "", roles = new[] { "emperor" } };
    protected override string Table => "persons";
}
