using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SheqingMinyi.Identity.Tests;

/// <summary>A resource server trusts a token only if it verifies against the published JWKS; anything altered or forged fails.</summary>
public sealed class SignatureTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Issued_tokens_verify_against_the_JWKS_with_issuer_audience_and_RS256()
    {
        var client = factory.CreateClient();
        var jwks = await Tokens.JwksAsync(client);

        var person = await Tokens.ValidateAsync(await Tokens.AccessTokenForAsync(client, "zhangming"), jwks);
        var partner = await Tokens.ValidateAsync(await Tokens.PartnerAccessTokenAsync(client, "intake.read"), jwks);

        Assert.True(person.IsValid, person.Exception?.Message);
        Assert.True(partner.IsValid, partner.Exception?.Message);
        Assert.Equal("spb-zx", person.Claims["tenant"]);
        Assert.Equal("0e5b1c2a-0002-4000-8000-000000000001", person.Claims["person_id"]);
        Assert.Equal("spb-oa", partner.Claims["client_id"]);
    }

    [Fact]
    public async Task The_JWKS_publishes_one_RSA_signing_key_and_no_private_parts()
    {
        var response = await factory.CreateClient().GetAsync("/.well-known/jwks");
        var json = await response.Content.ReadAsStringAsync();

        var key = Assert.Single(new JsonWebKeySet(json).Keys);
        Assert.Equal("RSA", key.Kty);
        Assert.Equal("sig", key.Use);
        Assert.Equal("RS256", key.Alg);
        Assert.StartsWith("sig-", key.Kid);
        Assert.False(string.IsNullOrEmpty(key.N));
        Assert.Equal("AQAB", key.E);
        Assert.True(key.HasPrivateKey is false && key.D is null && key.P is null && key.Q is null && key.DP is null && key.DQ is null && key.QI is null,
            "the JWKS must not leak private key material");
        foreach (var field in new[] { "\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"" })
            Assert.DoesNotContain(field, json);
    }

    [Fact]
    public async Task A_token_with_one_payload_character_changed_fails_validation()
    {
        var client = factory.CreateClient();
        var jwks = await Tokens.JwksAsync(client);
        var jwt = await Tokens.AccessTokenForAsync(client, "zhangming");
        Assert.True((await Tokens.ValidateAsync(jwt, jwks)).IsValid);

        // spb-zx -> spb-zy: still well-formed JSON, so only the signature can catch it.
        var tampered = Tokens.WithPayload(jwt, payload =>
        {
            Assert.Contains("\"tenant\":\"spb-zx\"", payload);
            return payload.Replace("\"tenant\":\"spb-zx\"", "\"tenant\":\"spb-zy\"");
        });
        Assert.NotEqual(jwt, tampered);
        Assert.Equal("spb-zy", Tokens.Decode(tampered).Payload.GetProperty("tenant").GetString());

        var result = await Tokens.ValidateAsync(tampered, jwks);

        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    [Fact]
    public async Task Validation_fails_for_the_wrong_audience_issuer_or_algorithm()
    {
        var client = factory.CreateClient();
        var jwks = await Tokens.JwksAsync(client);
        var jwt = await Tokens.AccessTokenForAsync(client, "lihua");
        var baseline = new TokenValidationParameters
        {
            ValidIssuer = Tokens.Issuer, ValidAudience = Tokens.Audience, IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        };
        var handler = new JsonWebTokenHandler();
        Assert.True((await handler.ValidateTokenAsync(jwt, baseline)).IsValid);

        var otherAudience = baseline.Clone(); otherAudience.ValidAudience = "other-api";
        var otherIssuer = baseline.Clone(); otherIssuer.ValidIssuer = "http://evil/";
        var otherAlgorithm = baseline.Clone(); otherAlgorithm.ValidAlgorithms = [SecurityAlgorithms.RsaSha512];

        Assert.IsType<SecurityTokenInvalidAudienceException>((await handler.ValidateTokenAsync(jwt, otherAudience)).Exception);
        Assert.IsType<SecurityTokenInvalidIssuerException>((await handler.ValidateTokenAsync(jwt, otherIssuer)).Exception);
        Assert.False((await handler.ValidateTokenAsync(jwt, otherAlgorithm)).IsValid);
    }

    [Fact]
    public async Task The_service_refuses_tampered_forged_and_unsigned_tokens()
    {
        var client = factory.CreateClient();
        var jwt = await Tokens.AccessTokenForAsync(client, "zhangming");
        var header = Tokens.Decode(jwt).Header;
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().WithBearer(jwt).GetAsync("/tenants")).StatusCode);

        // A member who makes themself platform operator.
        var tampered = Tokens.WithPayload(jwt, p => p.Replace("\"role\":\"member\"", "\"role\":\"platform-operator\""));
        Assert.Contains("platform-operator", Tokens.Decode(tampered).Payload.GetProperty("role").GetString());

        // Signed with an attacker's key under the real kid.
        using var rsa = RSA.Create(2048);
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Tokens.Issuer,
            Audience = Tokens.Audience,
            TokenType = "at+jwt",
            Expires = DateTime.UtcNow.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["sub"] = "x", ["tenant"] = "cq-zx", ["role"] = "platform-operator" },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = header.GetProperty("kid").GetString() },
                SecurityAlgorithms.RsaSha256),
        });

        // alg none, no signature.
        var parts = jwt.Split('.');
        var unsigned = $"{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"at+jwt\"}"))}.{parts[1]}.";

        foreach (var (what, token) in new[] { ("tampered", tampered), ("forged", forged), ("unsigned", unsigned), ("garbage", "abc.def.ghi") })
        {
            var response = await factory.CreateClient().WithBearer(token).GetAsync("/tenants");
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what} token: {(int)response.StatusCode}");
        }
    }
}
