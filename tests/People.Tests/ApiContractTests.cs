using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

public sealed class PeopleApiContractTests(PeopleFactory factory) : ApiContractTests<Program>(factory), IClassFixture<PeopleFactory>
{
    protected override string GatewayPath => "people";
    protected override string ListPath => "/persons";
    protected override string? JsonPostPath => "/persons";
    protected override string[] IdempotentEndpoints =>
    [
        "POST /units", "POST /persons", "POST /units/{id}/move", "POST /units/{id}/close", "POST /persons/{id}/deactivate",
        "POST /persons/{personId}/memberships", "POST /memberships/{id}/end",
        "POST /appointments", "POST /appointments/{id}/renew", "POST /appointments/{id}/revoke",
        "POST /persons/{personId}/shares", "POST /persons/{personId}/shares/{id}/withdraw",
        "POST /persons/{id}/card", "POST /persons/{id}/card/rotate",
        "POST /talent/visits", "POST /talent/recommendations", "POST /talent/recommendations/{id}/accept", "POST /talent/recommendations/{id}/decline",
        "POST /persons/import",
    ];
    protected override string[] IfMatchEndpoints =>
    [
        "PUT /units/{id}", "POST /units/{id}/move", "POST /units/{id}/close", "PUT /persons/{id}", "POST /persons/{id}/deactivate",
        "PUT /memberships/{id}", "POST /memberships/{id}/end", "PUT /persons/{id}/profile",
        "POST /appointments/{id}/renew", "POST /appointments/{id}/revoke", "POST /persons/{personId}/shares/{id}/withdraw",
        "POST /persons/{id}/card/rotate",
        "PUT /talent/pool/{id}", "PUT /talent/pool/{id}/person", "POST /talent/recommendations/{id}/accept", "POST /talent/recommendations/{id}/decline",
        "PUT /targets/{year}/persons/{subjectId}", "PUT /targets/{year}/units/{subjectId}",
    ];
}
