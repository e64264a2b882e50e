using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;
using SheqingMinyi.Security;

namespace SheqingMinyi.Gateway.Tests;

/// <summary>
/// The validator that remembers valid tokens (<see cref="ValidatedTokenCache"/>) refuses whatever full validation
/// refuses: a token past its expiry, a token of another key, a remembered token once the signing keys changed; and
/// it keeps no more than its capacity. Real RS256 tokens, the platform's own validation parameters; the clock is
/// the test's, so expiry needs no waiting.
/// </summary>
public sealed class ValidatedTokenCacheTests
{
    /// <summary>A clock the test moves; the same one decides lifetime in full validation and in the memory.</summary>
    private sealed class TestClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static StaticConfigurationManager<OpenIdConnectConfiguration> KeysOf(SecurityKey key)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = PlatformAuthentication.DefaultIssuer };
        configuration.SigningKeys.Add(key);
        return new(configuration);
    }

    /// <summary>The gateway's parameters (as PlatformAuthentication sets them), keys from <paramref name="keys"/>, lifetime by <paramref name="clock"/>.</summary>
    private static TokenValidationParameters Parameters(TestClock clock, BaseConfigurationManager keys) => new()
    {
        ValidIssuer = PlatformAuthentication.DefaultIssuer,
        ValidAudiences = PlatformAudiences.All,
        ValidTypes = [PlatformAuthentication.AccessTokenType],
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        ConfigurationManager = keys,
        LifetimeValidator = (notBefore, expires, _, p) => clock.Now.UtcDateTime >= notBefore - p.ClockSkew && clock.Now.UtcDateTime < expires + p.ClockSkew,
    };

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_has_expired()
    {
        var clock = new TestClock();
        var cache = new ValidatedTokenCache(100, clock);
        var parameters = Parameters(clock, KeysOf(TestTokens.Key));
        var token = TestTokens.Create("t-expiry", lifetime: TimeSpan.FromMinutes(10));

        Assert.True((await cache.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.True((await cache.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.Equal(1, cache.Count);

        clock.Now += TimeSpan.FromMinutes(11);
        var expired = await cache.ValidateTokenAsync(token, parameters);

        Assert.False(expired.IsValid);
        Assert.IsType<SecurityTokenInvalidLifetimeException>(expired.Exception);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task A_token_of_another_key_is_refused_every_time_and_never_remembered()
    {
        var clock = new TestClock();
        var cache = new ValidatedTokenCache(100, clock);
        var parameters = Parameters(clock, KeysOf(TestTokens.Key));
        var forged = TestTokens.Create("t-forged", signingKey: new RsaSecurityKey(RSA.Create(2048)) { KeyId = TestTokens.Key.KeyId });

        for (var i = 0; i < 3; i++)
            Assert.False((await cache.ValidateTokenAsync(forged, parameters)).IsValid);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task A_remembered_token_is_checked_again_when_the_signing_keys_change()
    {
        var clock = new TestClock();
        var cache = new ValidatedTokenCache(100, clock);
        var token = TestTokens.Create("t-rotation");
        Assert.True((await cache.ValidateTokenAsync(token, Parameters(clock, KeysOf(TestTokens.Key)))).IsValid);
        Assert.Equal(1, cache.Count);

        // Identity's JWKS now holds only a new key: the remembered token was signed by one no longer published.
        var rotated = await cache.ValidateTokenAsync(token, Parameters(clock, KeysOf(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "next-key" })));

        Assert.False(rotated.IsValid);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task A_remembered_token_gives_each_request_its_own_claims_with_the_same_values()
    {
        var clock = new TestClock();
        var cache = new ValidatedTokenCache(100, clock);
        var parameters = Parameters(clock, KeysOf(TestTokens.Key));
        var token = TestTokens.Create("t-claims", roles: [PlatformRoles.Member]);

        var first = await cache.ValidateTokenAsync(token, parameters);
        var second = await cache.ValidateTokenAsync(token, parameters);

        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal(first.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)), second.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)));
        Assert.Equal("t-claims", second.ClaimsIdentity.FindFirst(PlatformClaims.Tenant)?.Value);
        Assert.Equal(new JsonWebToken(token).Subject, ((JsonWebToken)second.SecurityToken).Subject);
    }

    [Fact]
    public async Task The_memory_never_holds_more_tokens_than_its_capacity()
    {
        var clock = new TestClock();
        var cache = new ValidatedTokenCache(3, clock);
        var parameters = Parameters(clock, KeysOf(TestTokens.Key));

        for (var i = 0; i < 10; i++)
        {
            Assert.True((await cache.ValidateTokenAsync(TestTokens.Create($"t-cap-{i}"), parameters)).IsValid);
            Assert.InRange(cache.Count, 1, 3);
        }
    }

    [Fact]
    public async Task With_capacity_zero_nothing_is_remembered()
    {
        var clock = new TestClock();
        var cache = new ValidatedTokenCache(0, clock);
        var parameters = Parameters(clock, KeysOf(TestTokens.Key));
        var token = TestTokens.Create("t-off");

        Assert.True((await cache.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.True((await cache.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_very_high_rate_limit_stays_very_high()
    {
        // permits × window overflowed int before: a limit of a billion a minute became one request a window.
        var limits = new Proxy.GatewayRateLimitOptions { WindowSeconds = 60 };
        Assert.Equal(1_000_000_000, limits.PerWindow(1_000_000_000));
        Assert.Equal(int.MaxValue, new Proxy.GatewayRateLimitOptions { WindowSeconds = 120 }.PerWindow(int.MaxValue));
        Assert.Equal(1, limits.PerWindow(1));
    }
}

/// <summary>Through the gateway: the token it remembers is still refused once revoked (revocation is checked on every request).</summary>
public sealed class RememberedTokenRevocationTests(RevocationGatewayFixture gateway) : IClassFixture<RevocationGatewayFixture>
{
    [Fact]
    public async Task A_token_the_gateway_remembers_is_refused_once_its_account_is_revoked()
    {
        var tenant = $"t-{Guid.NewGuid():N}"[..14];
        var token = TestTokens.Create(tenant);
        var client = gateway.ClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/intake/submissions?m=remembered-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/intake/submissions?m=remembered-2")).StatusCode);
        var options = gateway.Factory.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        Assert.True(Assert.IsType<ValidatedTokenCache>(Assert.Single(options.TokenHandlers)).Count >= 1);

        gateway.Feed.Revoke("account", new JsonWebToken(token).Subject, tenant);

        var refused = await Eventually.GetAsync(() => client.GetAsync($"/api/intake/submissions?m=remembered-{Guid.NewGuid():N}"),
            r => r.StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(30), "401 for the revoked, remembered token");
        Assert.Equal("token-revoked", (await refused.ReadProblemAsync(401)).GetProperty("code").GetString());
    }
}
