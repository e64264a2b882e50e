using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

public sealed class PeopleApiContractTests(PeopleFactory factory) : ApiContractTests<Program>(factory), IClassFixture<PeopleFactory>
{
    protected override string GatewayPath => "people";
    protected override string ListPath => "/persons";
    protected override string? JsonPostPath => "/persons";
    protected override string[] IdempotentEndpoints => ["POST /units", "POST /persons",
        "POST /talent/visits", "POST /talent/recommendations", "POST /talent/recommendations/{id}/accept", "POST /talent/recommendations/{id}/decline"];
    protected override string[] IfMatchEndpoints => [
        "PUT /talent/pool/{id}", "PUT /talent/pool/{id}/person", "POST /talent/recommendations/{id}/accept", "POST /talent/recommendations/{id}/decline",
        "PUT /targets/{year}/persons/{subjectId}", "PUT /targets/{year}/units/{subjectId}"];
}
