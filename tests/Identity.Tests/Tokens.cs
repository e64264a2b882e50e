using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SheqingMinyi.Identity.Tests;

/// <summary>Talks to /connect/token as a client would (form posts, OAuth 2.0 field names) and reads the JWTs it issues.</summary>
internal static class Tokens
{
    public const string Issuer = SheqingMinyi.Security.PlatformAuthentication.DefaultIssuer;
    /// <summary>Identity's own audience: people's tokens name it (with every other service), partners' do not.</summary>
    public const string Audience = "sqmy-identity";
    public static readonly string[] AllAudiences = ["sqmy-identity", "sqmy-intake", "sqmy-review", "sqmy-people", "sqmy-training", "sqmy-scoring"];
    public const string Password = "Sqmy@2026";
    public const string PortalClient = "sqmy-portal";
    public const string PartnerClient = "spb-oa";
    public const string PartnerSecret = "spb-oa-demo-secret";

    /// <summary>Posts a token request; returns the status and the JSON body (token or OAuth error).</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> RequestAsync(HttpClient client, params (string Name, string Value)[] form)
    {
        var response = await client.PostAsync("/connect/token",
            new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> PasswordAsync(HttpClient client, string user, string password = Password) =>
        RequestAsync(client, ("grant_type", "password"), ("client_id", PortalClient), ("username", user), ("password", password));

    public static Task<(HttpStatusCode Status, JsonElement Body)> ClientCredentialsAsync(HttpClient client,
        string clientId = PartnerClient, string secret = PartnerSecret, string? scope = null) =>
        RequestAsync(client, [("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret),
            .. scope is null ? Array.Empty<(string, string)>() : [("scope", scope)]]);

    /// <summary>The access token of a successful person sign-in (asserted).</summary>
    public static async Task<string> AccessTokenForAsync(HttpClient client, string user)
    {
        var (status, body) = await PasswordAsync(client, user);
        Assert.True(status == HttpStatusCode.OK, $"sign-in of {user}: {(int)status} {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    public static async Task<string> PartnerAccessTokenAsync(HttpClient client, string? scope = null)
    {
        var (status, body) = await ClientCredentialsAsync(client, scope: scope);
        Assert.True(status == HttpStatusCode.OK, $"client credentials: {(int)status} {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>A client of <paramref name="factory"/> that carries <paramref name="user"/>'s bearer token.</summary>
    public static async Task<HttpClient> SignedInClientAsync(IdentityFactory factory, string user)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await AccessTokenForAsync(client, user));
        return client;
    }

    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The JWT's header and payload as JSON, decoded by hand (no validation).</summary>
    public static (JsonElement Header, JsonElement Payload) Decode(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        return (JsonDocument.Parse(Base64UrlEncoder.Decode(parts[0])).RootElement,
                JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1])).RootElement);
    }

    /// <summary>The values of a claim that may be a single string or an array of strings.</summary>
    public static string[] Values(JsonElement payload, string claim) =>
        !payload.TryGetProperty(claim, out var value) ? []
        : value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
        : [value.GetString()!];

    public static string[] Scopes(JsonElement payload) =>
        payload.TryGetProperty("scope", out var scope) ? scope.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];

    public static async Task<JsonWebKeySet> JwksAsync(HttpClient client)
    {
        var response = await client.GetAsync("/.well-known/jwks");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new JsonWebKeySet(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Validates as a resource server would: signature against the JWKS, issuer, audience, RS256 only, at+jwt, lifetime.</summary>
    public static Task<TokenValidationResult> ValidateAsync(string jwt, JsonWebKeySet jwks) =>
        new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudiences = AllAudiences,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidTypes = ["at+jwt"],
            ValidateLifetime = true,
            RequireSignedTokens = true,
        });

    /// <summary>The same token with its payload re-encoded after <paramref name="change"/>; header and signature kept.</summary>
    public static string WithPayload(string jwt, Func<string, string> change)
    {
        var parts = jwt.Split('.');
        var payload = change(Base64UrlEncoder.Decode(parts[1]));
        return $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
    }
}
