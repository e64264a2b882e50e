using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

public sealed class TrainingEventsApiContractTests(TrainingFactory factory) : ApiContractTests<Program>(factory), IClassFixture<TrainingFactory>
{
    protected override string GatewayPath => "training";
    protected override string ListPath => "/events";
    protected override string? JsonPostPath => "/events";
    protected override string[] IdempotentEndpoints => ["POST /events", "POST /events/{id}/attendance"];
    protected override string[] IfMatchEndpoints => [];
}
