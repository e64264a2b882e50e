using System.Net;
using Duende.IdentityModel.Client;
using Duende.IdentityModel.OidcClient;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>
/// A partner configures itself from discovery alone: a strict, certified OIDC client library (Duende.IdentityModel,
/// its default <see cref="DiscoveryPolicy"/>: issuer equal to the authority, every endpoint under it, keys
/// present; plain http allowed only on loopback) given nothing but the gateway's discovery URL and the client's id
/// and secret, gets a token and calls an API through the gateway with it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DiscoveryClientTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_strict_OIDC_client_discovers_the_public_issuer_signs_in_and_calls_an_API_through_the_gateway()
    {
        var http = platform.Anonymous();
        var authority = http.BaseAddress!.GetLeftPart(UriPartial.Authority);

        var raw = await http.GetStringAsync("/.well-known/openid-configuration");
        var discovery = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = $"{authority}/.well-known/openid-configuration",
            // The library's default, strict policy; the authority named as the partner would name it.
            Policy = new DiscoveryPolicy { Authority = authority },
        });

        Assert.False(discovery.IsError, $"{discovery.ErrorType}: {discovery.Error} (authority {authority}, base {http.BaseAddress}; document {raw})");
        Assert.Equal($"{authority}/", discovery.Issuer);
        Assert.Equal($"{authority}/connect/token", discovery.TokenEndpoint);
        Assert.Equal($"{authority}/connect/authorize", discovery.AuthorizeEndpoint);
        Assert.Equal($"{authority}/.well-known/jwks", discovery.JwksUri);
        Assert.NotEmpty(discovery.KeySet!.Keys);

        var token = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = discovery.TokenEndpoint, ClientId = "spb-oa", ClientSecret = "spb-oa-demo-secret", Scope = "intake.read",
        });
        Assert.False(token.IsError, $"{token.Error}: {token.ErrorDescription}");

        var api = platform.Anonymous();
        api.SetBearerToken(token.AccessToken!);
        var response = await api.GetAsync("/api/intake/submissions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The token names intake only: scoring refuses it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/scoring/leaderboards/persons")).StatusCode);
    }

    /// <summary>
    /// The OpenID Certified client itself (Duende.IdentityModel.OidcClient) given only the gateway's origin and the
    /// portal's client id: it loads and validates discovery with its default policy and starts a code flow with
    /// PKCE (S256) at the public authorization endpoint.
    /// </summary>
    [Fact]
    public async Task The_certified_OidcClient_accepts_the_discovery_and_starts_a_PKCE_code_flow_at_the_public_authorize_endpoint()
    {
        var authority = platform.Anonymous().BaseAddress!.GetLeftPart(UriPartial.Authority);
        var client = new OidcClient(new OidcClientOptions
        {
            Authority = authority, ClientId = "sqmy-portal", Scope = "openid offline_access", RedirectUri = "sqmy://signin",
        });

        var state = await client.PrepareLoginAsync();

        Assert.False(state.IsError, $"{state.Error}: {state.ErrorDescription}");
        var start = new Uri(state.StartUrl);
        Assert.Equal($"{authority}/connect/authorize", start.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(start.Query);
        Assert.Equal(("S256", "code", "sqmy-portal"), (query["code_challenge_method"], query["response_type"], query["client_id"]));
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
    }
}
