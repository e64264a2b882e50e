using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.Identity.Tests;

/// <summary>What resource servers and clients discover, and the probes orchestrators use.</summary>
public sealed class DiscoveryTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task The_discovery_document_names_the_issuer_grants_token_endpoint_and_JWKS()
    {
        var client = factory.CreateClient();

        var response = await client.GetAsync("/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("http://identity/", document.GetProperty("issuer").GetString());
        var grants = document.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).ToList();
        Assert.Contains("client_credentials", grants);
        Assert.Contains("password", grants);
        Assert.Contains("authorization_code", grants);
        Assert.Contains("refresh_token", grants);
        Assert.DoesNotContain("implicit", grants);
        // PKCE with S256 only ("plain" would give the code away to whoever saw the authorization request).
        Assert.Equal(["S256"], document.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("/connect/authorize", new Uri(document.GetProperty("authorization_endpoint").GetString()!).AbsolutePath);
        // Every endpoint under the issuer, whatever address the request reached identity at (here http://localhost).
        Assert.Equal("http://identity/connect/token", document.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://identity/connect/authorize", document.GetProperty("authorization_endpoint").GetString());
        Assert.Equal("http://identity/.well-known/jwks", document.GetProperty("jwks_uri").GetString());
        var tokenEndpoint = new Uri(document.GetProperty("token_endpoint").GetString()!);
        Assert.True(tokenEndpoint.IsAbsoluteUri);
        Assert.Equal("/connect/token", tokenEndpoint.AbsolutePath);
        var jwksUri = new Uri(document.GetProperty("jwks_uri").GetString()!);
        Assert.Equal("/.well-known/jwks", jwksUri.AbsolutePath);
        var scopes = document.GetProperty("scopes_supported").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("intake.submit", scopes);
        Assert.Contains("scoring.read", scopes);
        Assert.Contains("RS256", document.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(a => a.GetString()));

        // The advertised JWKS (by its path) holds the key tokens are signed with.
        var jwks = await client.GetFromJsonAsync<JsonElement>(jwksUri.PathAndQuery);
        var kid = Tokens.Decode(await Tokens.PartnerAccessTokenAsync(client)).Header.GetProperty("kid").GetString();
        Assert.Contains(kid, jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_probes_answer_without_a_token(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
