using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

public sealed class PeopleApiContractTests(PeopleFactory factory) : ApiContractTests<Program>(factory), IClassFixture<PeopleFactory>
{
    protected override string GatewayPath => "people";
    protected override string ListPath => "/persons";
    protected override string? JsonPostPath => "/persons";
    protected override string[] IdempotentEndpoints => ["POST /units", "POST /persons", "POST /persons/import"];
    protected override string[] IfMatchEndpoints => [];
}
