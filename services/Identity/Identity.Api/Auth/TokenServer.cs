using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using SheqingMinyi.Identity.Auth.Keys;
using SheqingMinyi.Security;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;

namespace SheqingMinyi.Identity.Auth;

public static class TokenServer
{
    /// <summary>
    /// OpenIddict as the platform's OAuth 2.0 server: client credentials for partners, the password grant for
    /// people (portal, tests, scripts), RS256-signed JWT access tokens of short life, discovery and JWKS. Callers of
    /// identity's own APIs are authenticated by OpenIddict's validation against this server (no JWKS round trip).
    /// </summary>
    public static IHostApplicationBuilder AddTokenServer(this IHostApplicationBuilder builder)
    {
        // The same setting every validator reads, so the issuer cannot differ between signer and validators.
        var issuer = PlatformAuthentication.Issuer(builder.Configuration);
        var lifetime = builder.Configuration.GetValue("Identity:AccessTokenLifetime", TimeSpan.FromMinutes(15));
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetIssuer(new Uri(issuer));
                server.SetTokenEndpointUris("connect/token");
                server.AllowClientCredentialsFlow().AllowPasswordFlow();
                server.RegisterScopes(PlatformScopes.All);
                server.SetAccessTokenLifetime(lifetime);
                // Plain signed JWTs: every service validates them against the published JWKS.
                server.DisableAccessTokenEncryption();
                server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    // Inside the cluster the services speak http; TLS terminates in front of the gateway.
                    .DisableTransportSecurityRequirement();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });
        builder.AddServerKeys();
        builder.Services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        // After the database migrator (registered with the host before this), so the tables exist.
        builder.Services.AddHostedService<PlatformClients>();
        builder.Services.AddOptions<OperatorBootstrapOptions>().BindConfiguration(OperatorBootstrapOptions.Section);
        builder.Services.AddHostedService<OperatorBootstrap>();
        return builder;
    }
}
