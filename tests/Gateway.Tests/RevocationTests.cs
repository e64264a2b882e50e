using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using SheqingMinyi.Security;

namespace SheqingMinyi.Gateway.Tests;

/// <summary>
/// The gateway refuses a token whose account (sub), partner client (client_id) or tenant was revoked after the
/// token was issued, once its next read of identity's feed (every second here; at most 20 s in production) has it.
/// Each test uses a tenant of its own, so revocations of one test touch no other.
/// </summary>
public sealed class RevocationTests(RevocationGatewayFixture gateway) : IClassFixture<RevocationGatewayFixture>
{
    private static string NewTenant() => $"t-{Guid.NewGuid():N}"[..14];

    /// <summary>GET through the gateway to intake with a marker, until the answer's status is <paramref name="expected"/> (bounded).</summary>
    private async Task<HttpResponseMessage> UntilAsync(string token, HttpStatusCode expected, string marker) =>
        await Eventually.GetAsync(() => gateway.ClientWith(token).GetAsync($"/api/intake/submissions?m={marker}"),
            r => r.StatusCode == expected, TimeSpan.FromSeconds(30), $"{expected} through the gateway");

    private async Task AssertRevokedAsync(string token)
    {
        var marker = Guid.NewGuid().ToString("N");
        var response = await UntilAsync(token, HttpStatusCode.Unauthorized, marker);

        var problem = await response.ReadProblemAsync(401);
        Assert.Equal(("令牌已被撤销", "token-revoked"), (problem.GetProperty("title").GetString(), problem.GetProperty("code").GetString()));
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter);
        // The refusal happens at the gateway: the request that got it never reached the service.
        var refused = await gateway.ClientWith(token).GetAsync($"/api/intake/submissions?m={marker}-again");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Empty(gateway.Intake.ReceivedWith($"{marker}-again"));
    }

    private async Task AssertAcceptedAsync(string token) =>
        Assert.Equal("intake", (await Echo.ReadAsync(await gateway.ClientWith(token).GetAsync($"/api/intake/submissions?m={Guid.NewGuid():N}"))).Service);

    [Fact]
    public async Task A_disabled_accounts_token_is_refused_and_another_account_of_its_tenant_is_not()
    {
        var tenant = NewTenant();
        var token = TestTokens.Create(tenant);
        var other = TestTokens.Create(tenant);
        await AssertAcceptedAsync(token);

        gateway.Feed.Revoke("account", new JsonWebToken(token).Subject, tenant);

        await AssertRevokedAsync(token);
        await AssertAcceptedAsync(other);
    }

    [Fact]
    public async Task A_revoked_partner_clients_token_is_refused_and_another_client_of_its_tenant_is_not()
    {
        var tenant = NewTenant();
        string Partner(string id) => TestTokens.Create(tenant, [PlatformRoles.Partner], scopes: [PlatformScopes.IntakeRead], clientId: id);
        var revoked = Partner($"{tenant}-aaaa");
        var kept = Partner($"{tenant}-bbbb");
        await AssertAcceptedAsync(revoked);

        gateway.Feed.Revoke("client", $"{tenant}-aaaa", tenant);

        await AssertRevokedAsync(revoked);
        await AssertAcceptedAsync(kept);
    }

    [Fact]
    public async Task A_suspended_tenants_tokens_are_all_refused_and_another_tenants_are_not()
    {
        var tenant = NewTenant();
        var person = TestTokens.Create(tenant);
        var partner = TestTokens.Create(tenant, [PlatformRoles.Partner], scopes: [PlatformScopes.IntakeRead], clientId: $"{tenant}-cccc");
        var otherTenant = TestTokens.Create(NewTenant());

        gateway.Feed.Revoke("tenant", tenant, tenant);

        await AssertRevokedAsync(person);
        await AssertRevokedAsync(partner);
        await AssertAcceptedAsync(otherTenant);
    }

    [Fact]
    public async Task A_token_issued_after_the_revocation_is_accepted()
    {
        var tenant = NewTenant();
        // Revoked 30 s ago (beyond the 2 s allowed for whole-second iat): a token issued now came after it.
        gateway.Feed.Revoke("tenant", tenant, tenant, DateTimeOffset.UtcNow.AddSeconds(-30));
        var witness = NewTenant();
        gateway.Feed.Revoke("tenant", witness, witness);
        // Once a revocation added at the same time bites, the feed with both has been read.
        await UntilAsync(TestTokens.Create(witness), HttpStatusCode.Unauthorized, Guid.NewGuid().ToString("N"));

        await AssertAcceptedAsync(TestTokens.Create(tenant));
    }

    [Fact]
    public async Task Anonymous_endpoints_and_health_are_not_affected()
    {
        var client = gateway.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        Assert.Equal("unauthenticated", (await (await client.GetAsync("/api/intake/submissions")).ReadProblemAsync(401)).GetProperty("code").GetString());
    }
}

/// <summary>Identity down: the gateway keeps refusing what it last read, and /health says the list is stale.</summary>
public sealed class RevocationOutageTests : IAsyncLifetime
{
    private readonly RevocationGatewayFixture _gateway = new();

    public Task InitializeAsync() => _gateway.InitializeAsync();
    public Task DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task While_identity_is_down_the_last_list_is_kept_and_health_is_degraded_until_it_is_back()
    {
        var tenant = $"t-{Guid.NewGuid():N}"[..14];
        var token = TestTokens.Create(tenant);
        _gateway.Feed.Revoke("tenant", tenant, tenant);
        await Eventually.GetAsync(() => _gateway.ClientWith(token).GetAsync("/api/intake/submissions"),
            r => r.StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(30), "revoked");
        Assert.Equal("Healthy", await Health());

        _gateway.Feed.Down = true;
        var readsWhenDown = _gateway.Feed.Reads;

        await Eventually.GetAsync(Health, h => h == "Degraded", TimeSpan.FromSeconds(60), "health degraded");
        Assert.True(_gateway.Feed.Reads > readsWhenDown, "the gateway kept asking");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.ClientWith(token).GetAsync("/api/intake/submissions")).StatusCode);

        _gateway.Feed.Down = false;
        await Eventually.GetAsync(Health, h => h == "Healthy", TimeSpan.FromSeconds(60), "health back");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.ClientWith(token).GetAsync("/api/intake/submissions")).StatusCode);
    }

    private async Task<string> Health() => await (await _gateway.Factory.CreateClient().GetAsync("/health")).Content.ReadAsStringAsync();
}

/// <summary>Identity's internal paths (the revocation feed) are never reached through the gateway, however spelled.</summary>
public sealed class InternalPathTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("/api/identity/internal/revocations")]
    [InlineData("/api/identity/INTERNAL/revocations")]
    [InlineData("/api/identity//internal/revocations")]
    [InlineData("/api/identity/%69nternal/revocations")]
    [InlineData("/api/identity/internal%2Frevocations")]
    [InlineData("/api/identity/%2569nternal/revocations")]
    [InlineData("/api/Identity/internal")]
    public async Task Identity_internal_paths_are_404_at_the_gateway_with_or_without_a_token(string path)
    {
        foreach (var withToken in new[] { true, false })
        {
            var marker = Guid.NewGuid().ToString("N");
            var client = gateway.CreateClient();
            if (!withToken) client.DefaultRequestHeaders.Authorization = null;

            var response = await client.GetAsync($"{path}?m={marker}");

            Assert.Equal("not-found", (await response.ReadProblemAsync(404)).GetProperty("code").GetString());
            Assert.Empty(gateway.Backends.Values.SelectMany(b => b.ReceivedWith(marker)));
        }
    }

    [Fact]
    public async Task Other_identity_paths_are_still_routed()
    {
        var marker = Guid.NewGuid().ToString("N");

        var echo = await Echo.ReadAsync(await gateway.CreateClient().GetAsync($"/api/identity/tenants/internal?m={marker}"));

        Assert.Equal(("identity", "/tenants/internal"), (echo.Service, echo.Path));
    }
}
