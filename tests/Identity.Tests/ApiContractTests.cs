using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

public sealed class IdentityApiContractTests(IdentityFactory factory) : ApiContractTests<Program>(factory), IClassFixture<IdentityFactory>
{
    protected override string GatewayPath => "identity";
    protected override string ListPath => "/clients";
    protected override string? JsonPostPath => "/clients";
    protected override string[] IdempotentEndpoints => ["POST /tenants", "POST /accounts/{id}/disable", "POST /accounts/{id}/enable",
        "POST /webhooks/{id}/deliveries/{deliveryId}/replay", "POST /webhooks/notices/{noticeId}/read", "POST /webhooks/{id}/test"];
    protected override string[] IfMatchEndpoints => ["POST /accounts/{id}/disable", "POST /accounts/{id}/enable", "POST /accounts/{id}/reset",
        "PUT /webhooks/{id}", "DELETE /webhooks/{id}", "POST /webhooks/{id}/secret"];
    /// <summary>
    /// A registration answers the client's secret once, an invitation or a reset the activation code once: never
    /// stored, not even for a replay; so do a webhook's registration and secret rotation (its secret). Suspending and resuming a tenant are guarded by the tenant's own state (a repeat is 409).
    /// </summary>
    protected override string[] PostsWithoutIdempotencyKey => ["POST /clients", "POST /accounts", "POST /accounts/{id}/reset", "POST /tenants/{id}/suspend", "POST /tenants/{id}/resume",
        "POST /webhooks", "POST /webhooks/{id}/secret"];

    /// <summary>Identity validates its own tokens (not the test key): a real sign-in of the demo tenant admin.</summary>
    protected override async Task<HttpClient> ClientAsync() => await Tokens.SignedInClientAsync(factory, "spb-admin");
}
