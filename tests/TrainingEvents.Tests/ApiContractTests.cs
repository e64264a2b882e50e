using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

public sealed class TrainingEventsApiContractTests(TrainingFactory factory) : ApiContractTests<Program>(factory), IClassFixture<TrainingFactory>
{
    protected override string GatewayPath => "training";
    protected override string ListPath => "/events";
    protected override string? JsonPostPath => "/events";
    protected override string[] IdempotentEndpoints =>
    [
        "POST /events", "POST /events/{id}/attendance", "POST /events/{id}/open", "POST /events/{id}/close", "POST /events/{id}/held",
        "POST /events/{id}/archive", "POST /events/{id}/cancel", "POST /events/{id}/registrations", "POST /events/{id}/registrations/{personId}/cancel",
        "POST /events/{id}/check-in", "POST /events/{id}/topics", "POST /events/{id}/topics/{topicId}/send",
        "POST /shared-events/{id}/registrations", "POST /shared-events/{id}/registrations/cancel", "POST /shared-events/{id}/check-in", "POST /events/{id}/materials", "POST /events/{id}/attendance/remove",
    ];
    protected override string[] IfMatchEndpoints =>
    [
        "PUT /events/{id}", "POST /events/{id}/open", "POST /events/{id}/close", "POST /events/{id}/held", "POST /events/{id}/archive",
        "POST /events/{id}/cancel", "PUT /events/{id}/worked-items", "DELETE /events/{id}/materials/{fileId}", "PUT /events/{id}/attendance/{personId}",
    ];
}
