using System.Net;

namespace SheqingMinyi.Identity.Tests;

/// <summary>Partner systems sign in with client credentials; the token binds them to their tenant and the scopes they asked for.</summary>
public sealed class ClientCredentialsTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task The_partner_client_gets_a_short_lived_RS256_bearer_token_for_its_tenant_and_requested_scopes()
    {
        var client = factory.CreateClient();

        var (status, body) = await Tokens.ClientCredentialsAsync(client, scope: "intake.submit intake.read");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        var expiresIn = body.GetProperty("expires_in").GetInt32();
        Assert.InRange(expiresIn, 1, 900);
        var jwt = body.GetProperty("access_token").GetString()!;
        var (header, payload) = Tokens.Decode(jwt);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        var kid = header.GetProperty("kid").GetString();
        Assert.False(string.IsNullOrEmpty(kid));
        Assert.Contains(kid, (await Tokens.JwksAsync(client)).Keys.Select(k => k.Kid));

        Assert.Equal("http://identity/", payload.GetProperty("iss").GetString());
        // A partner's token is for the services of its scopes only (and identity, where it reads its tenant).
        Assert.Equal(["sqmy-identity", "sqmy-intake"], Tokens.Values(payload, "aud").Order());
        Assert.Equal("spb-oa", payload.GetProperty("sub").GetString());
        Assert.Equal("spb-zx", payload.GetProperty("tenant").GetString());
        Assert.Equal(["partner"], Tokens.Values(payload, "role"));
        Assert.Equal(["spb-oa"], Tokens.Values(payload, "client_id"));
        Assert.Equal(["intake.read", "intake.submit"], Tokens.Scopes(payload).Order());
        Assert.False(payload.TryGetProperty("person_id", out _), "a client is no person");
        var lifetime = payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64();
        Assert.Equal(900, lifetime);
    }

    [Fact]
    public async Task A_narrower_request_gets_only_the_scope_it_asked_for()
    {
        var jwt = await Tokens.PartnerAccessTokenAsync(factory.CreateClient(), "review.read");

        Assert.Equal(["review.read"], Tokens.Scopes(Tokens.Decode(jwt).Payload));
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_as_invalid_client_without_a_token()
    {
        var (status, body) = await Tokens.ClientCredentialsAsync(factory.CreateClient(), secret: "spb-oa-demo-secret-x", scope: "intake.read");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task An_unknown_client_is_refused_as_invalid_client()
    {
        var (status, body) = await Tokens.ClientCredentialsAsync(factory.CreateClient(), clientId: "nobody-oa", secret: "spb-oa-demo-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    /// <summary>OpenIddict 7.8 answers a registered scope the client has no permission for with invalid_request (ID2051),
    /// not RFC 6749's invalid_scope; what matters is that no token is issued.</summary>
    [Fact]
    public async Task A_scope_the_client_was_not_granted_is_refused()
    {
        var (status, body) = await Tokens.ClientCredentialsAsync(factory.CreateClient(), scope: "intake.read scoring.read");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.Contains("scope", body.GetProperty("error_description").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task A_scope_the_server_does_not_know_is_invalid_scope()
    {
        var (status, body) = await Tokens.ClientCredentialsAsync(factory.CreateClient(), scope: "intake.read admin.everything");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_scope", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task The_public_portal_client_cannot_use_client_credentials()
    {
        var (status, body) = await Tokens.RequestAsync(factory.CreateClient(), ("grant_type", "client_credentials"), ("client_id", "sqmy-portal"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task The_partner_client_cannot_sign_people_in_with_the_password_grant()
    {
        var (status, body) = await Tokens.RequestAsync(factory.CreateClient(), ("grant_type", "password"),
            ("client_id", "spb-oa"), ("client_secret", "spb-oa-demo-secret"), ("username", "zhangming"), ("password", "Sqmy@2026"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unauthorized_client", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Other_grant_types_are_unsupported()
    {
        var (status, body) = await Tokens.RequestAsync(factory.CreateClient(), ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("client_id", "sqmy-portal"), ("device_code", "x"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unsupported_grant_type", body.GetProperty("error").GetString());
    }
}
