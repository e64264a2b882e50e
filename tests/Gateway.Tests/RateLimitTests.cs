using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SheqingMinyi.Security;

namespace SheqingMinyi.Gateway.Tests;

/// <summary>
/// The gateway with small limits in 2-second windows: 3 per client (90/min), 5 per tenant (150/min),
/// 4 per IP when anonymous (120/min).
/// </summary>
public sealed class RateLimitGatewayFixture : GatewayFixture
{
    public const int PerClient = 3, PerTenant = 5, Anonymous = 4, WindowSeconds = 2;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Gateway:RateLimits:WindowSeconds"] = WindowSeconds.ToString(),
        ["Gateway:RateLimits:PerClientPermitsPerMinute"] = (PerClient * 60 / WindowSeconds).ToString(),
        ["Gateway:RateLimits:PerTenantPermitsPerMinute"] = (PerTenant * 60 / WindowSeconds).ToString(),
        ["Gateway:RateLimits:AnonymousPermitsPerMinute"] = (Anonymous * 60 / WindowSeconds).ToString(),
    };
}

/// <summary>
/// Rate limits per partner client (else per signed-in subject) and per tenant: 429 problem with Retry-After, the
/// service never called. Every test uses its own tenants and clients, so their windows do not meet.
/// </summary>
public sealed class RateLimitTests(RateLimitGatewayFixture gateway) : IClassFixture<RateLimitGatewayFixture>
{
    private const int PerClient = RateLimitGatewayFixture.PerClient, PerTenant = RateLimitGatewayFixture.PerTenant;

    [Fact]
    public async Task A_partner_client_gets_its_limit_then_a_429_problem_with_retry_after_and_the_service_sees_only_the_allowed()
    {
        await WarmUpAsync();
        var tenant = NewTenant();
        var client = Partner(tenant, "partner-a");
        var marker = Guid.NewGuid().ToString("N");

        for (var i = 0; i < PerClient; i++)
            await Echo.ReadAsync(await client.GetAsync($"/api/intake/submissions/{marker}"));
        var refused = await client.GetAsync($"/api/intake/submissions/{marker}");

        var problem = await refused.ReadProblemAsync(429);
        Assert.Equal("too-many-requests", problem.GetProperty("code").GetString());
        Assert.Equal("请求过于频繁", problem.GetProperty("title").GetString());
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
        var retryAfter = RetryAfterSeconds(refused);
        Assert.InRange(retryAfter, 1, RateLimitGatewayFixture.WindowSeconds + 1);
        Assert.Equal(PerClient, gateway.Backends["intake"].ReceivedWith(marker).Count);
    }

    [Fact]
    public async Task Clients_of_a_tenant_share_the_tenant_limit_and_another_tenant_is_unaffected()
    {
        await WarmUpAsync();
        var tenant = NewTenant();
        var marker = Guid.NewGuid().ToString("N");
        var path = $"/api/people/persons/{marker}";

        // a: its own limit; a refusal by the client limit costs the tenant nothing.
        Assert.Equal(PerClient, await SuccessesUntilRefusedAsync(Partner(tenant, "partner-a"), path));
        // b, same tenant, under its own limit: passes until the tenant's limit is reached.
        Assert.Equal(PerTenant - PerClient, await SuccessesUntilRefusedAsync(Partner(tenant, "partner-b"), path));
        // A client of another tenant is unaffected: its full allowance.
        Assert.Equal(PerClient, await SuccessesUntilRefusedAsync(Partner(NewTenant(), "partner-a"), path));
        Assert.Equal(PerTenant + PerClient, gateway.Backends["people"].ReceivedWith(marker).Count);
    }

    [Fact]
    public async Task After_a_429_the_client_succeeds_again_once_the_retry_after_has_passed()
    {
        await WarmUpAsync();
        var client = Partner(NewTenant(), "partner-a");
        var marker = Guid.NewGuid().ToString("N");

        Assert.Equal(PerClient, await SuccessesUntilRefusedAsync(client, $"/api/review/cases/{marker}"));
        var refused = await client.GetAsync($"/api/review/cases/{marker}");
        await refused.ReadProblemAsync(429);
        await Task.Delay(TimeSpan.FromSeconds(RetryAfterSeconds(refused)));

        Assert.Equal(PerClient, await SuccessesUntilRefusedAsync(client, $"/api/review/cases/{marker}"));
        Assert.Equal(2 * PerClient, gateway.Backends["review"].ReceivedWith(marker).Count);
    }

    [Fact]
    public async Task Signed_in_users_are_limited_per_subject_not_per_token_or_portal_client()
    {
        await WarmUpAsync();
        var tenant = NewTenant();
        var alice = Guid.NewGuid().ToString();
        var aliceFirstToken = User(tenant, alice);
        var aliceSecondToken = User(tenant, alice);
        var bob = User(tenant, Guid.NewGuid().ToString());

        for (var i = 0; i < PerClient; i++)
            await Echo.ReadAsync(await (i % 2 == 0 ? aliceFirstToken : aliceSecondToken).GetAsync("/api/scoring/ledger"));
        await (await aliceSecondToken.GetAsync("/api/scoring/ledger")).ReadProblemAsync(429);
        await (await aliceFirstToken.GetAsync("/api/scoring/ledger")).ReadProblemAsync(429);

        // Same portal client_id, other subject: not limited with alice.
        await Echo.ReadAsync(await bob.GetAsync("/api/scoring/ledger"));
    }

    [Fact]
    public async Task Anonymous_requests_are_limited_per_address_and_health_endpoints_never_are()
    {
        var anonymous = gateway.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        var exhausted = Partner(NewTenant(), "partner-a");
        await SuccessesUntilRefusedAsync(exhausted, "/api/intake/submissions");

        Assert.Equal(RateLimitGatewayFixture.Anonymous, await SuccessesUntilRefusedAsync(anonymous, "/.well-known/openid-configuration"));

        foreach (var client in new[] { anonymous, exhausted })
            for (var i = 0; i < 20; i++)
                foreach (var path in new[] { "/health", "/alive" })
                {
                    var response = await client.GetAsync(path);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.False(response.Headers.Contains("Retry-After"));
                }
    }

    /// <summary>Requests until a 429 (which must come within the window), returning how many passed.</summary>
    private static async Task<int> SuccessesUntilRefusedAsync(HttpClient client, string path)
    {
        for (var passed = 0; passed <= PerTenant + 1; passed++)
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(RetryAfterSeconds(response) >= 1);
                return passed;
            }
            await Echo.ReadAsync(response);
        }
        Assert.Fail($"no 429 after {PerTenant + 2} requests to {path}");
        return -1;
    }

    private static int RetryAfterSeconds(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Retry-After", out var values), "429 without Retry-After");
        Assert.True(int.TryParse(Assert.Single(values), out var seconds), "Retry-After is not whole seconds");
        return seconds;
    }

    /// <summary>One request in a throwaway tenant, so connection set-up does not eat into a test's window.</summary>
    private async Task WarmUpAsync()
    {
        foreach (var path in new[] { "/api/intake/x", "/api/people/x", "/api/review/x", "/api/scoring/x" })
            await Echo.ReadAsync(await Partner(NewTenant(), "warm-up").GetAsync(path));
    }

    private static string NewTenant() => $"t-{Guid.NewGuid():N}";

    private HttpClient Partner(string tenant, string clientId) =>
        WithToken(TestTokens.Create(tenant, [PlatformRoles.Partner], scopes: PlatformScopes.All, clientId: $"{tenant}-{clientId}"));

    /// <summary>A staff user signed in through the portal: its token carries the portal's client_id and the user's sub.</summary>
    private HttpClient User(string tenant, string subject) => WithToken(new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = PlatformAuthentication.DefaultIssuer,
        Audience = PlatformAudiences.For(ResourceNames.Intake),
        TokenType = PlatformAuthentication.AccessTokenType,
        Subject = new ClaimsIdentity([
            new Claim("sub", subject), new Claim(PlatformClaims.Tenant, tenant),
            new Claim(PlatformClaims.Role, PlatformRoles.Member), new Claim(PlatformClaims.ClientId, "sqmy-portal"),
        ]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(TestTokens.Key, SecurityAlgorithms.RsaSha256),
    }));

    private HttpClient WithToken(string token)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
