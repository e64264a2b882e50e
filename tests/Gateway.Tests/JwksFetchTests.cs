using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SheqingMinyi.Security;

namespace SheqingMinyi.Gateway.Tests;

/// <summary>
/// Where validators get the signing keys: from <c>{Auth:Authority}/.well-known/jwks</c> (identity inside the
/// cluster, not the public discovery document), over TLS unless <c>Auth:RequireHttpsMetadata</c> is false.
/// </summary>
public sealed class JwksFetchTests
{
    private static JwtBearerOptions OptionsWith(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        builder.Services.AddHttpClient();
        builder.AddPlatformTokenValidation();
        return builder.Build().Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
    }

    [Fact]
    public async Task By_default_an_http_authority_is_refused()
    {
        var options = OptionsWith(new() { ["Auth:Authority"] = "http://identity" });

        Assert.True(options.RequireHttpsMetadata);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => options.ConfigurationManager!.GetConfigurationAsync(CancellationToken.None));
        // IDX20108: the address is not https (refused before any request is made).
        Assert.Contains("IDX20108", error.ToString());
    }

    [Fact]
    public async Task In_local_mode_the_keys_come_over_http_from_the_authority_s_JWKS_under_the_configured_issuer()
    {
        await using var identity = await JwksServerAsync();
        var authority = identity.Urls.Single();
        var options = OptionsWith(new()
        {
            ["Auth:Authority"] = authority, ["Auth:RequireHttpsMetadata"] = "false", ["Auth:Issuer"] = "https://sqmy.example.gov.cn",
        });

        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(CancellationToken.None);

        Assert.Equal($"{authority}/.well-known/jwks", configuration.JwksUri);
        Assert.Equal("https://sqmy.example.gov.cn/", configuration.Issuer);
        Assert.Equal("https://sqmy.example.gov.cn/", options.TokenValidationParameters.ValidIssuer);
        Assert.Equal([TestTokens.Key.KeyId], configuration.SigningKeys.Select(k => k.KeyId));
        Assert.Equal([PlatformAuthentication.AccessTokenType], options.TokenValidationParameters.ValidTypes);
        Assert.Equal(PlatformAudiences.All, options.TokenValidationParameters.ValidAudiences);
    }

    /// <summary>A stand-in identity that publishes the test key at /.well-known/jwks and nothing else.</summary>
    private static async Task<WebApplication> JwksServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var key = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(TestTokens.Key.Rsa.ExportParameters(false)) { KeyId = TestTokens.Key.KeyId });
        app.MapGet("/.well-known/jwks", () => Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = key.Kid, n = key.N, e = key.E } } }));
        await app.StartAsync();
        return app;
    }
}
