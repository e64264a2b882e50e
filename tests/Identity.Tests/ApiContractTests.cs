using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

public sealed class IdentityApiContractTests(IdentityFactory factory) : ApiContractTests<Program>(factory), IClassFixture<IdentityFactory>
{
    protected override string GatewayPath => "identity";
    protected override string ListPath => "/clients";
    protected override string? JsonPostPath => "/clients";
    protected override string[] IdempotentEndpoints => ["POST /tenants"];
    protected override string[] IfMatchEndpoints => [];
    /// <summary>
    /// A registration answers the client's secret once; it is never stored, not even for a replay. Suspending and
    /// resuming a tenant are guarded by the tenant's own state (a repeat is 409).
    /// </summary>
    protected override string[] PostsWithoutIdempotencyKey => ["POST /clients", "POST /tenants/{id}/suspend", "POST /tenants/{id}/resume"];

    /// <summary>Identity validates its own tokens (not the test key): a real sign-in of the demo tenant admin.</summary>
    protected override async Task<HttpClient> ClientAsync() => await Tokens.SignedInClientAsync(factory, "spb-admin");
}
