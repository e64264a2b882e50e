using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using SheqingMinyi.Identity.Auth.Keys;
using SheqingMinyi.Security;
using SheqingMinyi.Identity.Apis;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;

namespace SheqingMinyi.Identity.Auth;

public static class TokenServer
{
    /// <summary>
    /// OpenIddict as the platform's OAuth 2.0 server: client credentials for partners; for people the authorization
    /// code flow with PKCE (S256 only) and rolling refresh tokens (a reused one revokes its chain), and the password
    /// grant for clients explicitly allowed it (<see cref="PlatformClients"/>); RS256-signed JWT access tokens of short
    /// life, discovery and JWKS. Callers of identity's own APIs are authenticated by OpenIddict's validation against
    /// this server (no JWKS round trip), as the audience <c>sqmy-identity</c>.
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
                server.UsePublicEndpoints(new Uri(issuer));
                server.SetTokenEndpointUris("connect/token");
                server.SetAuthorizationEndpointUris(AuthorizeEndpoint.Path.TrimStart('/'));
                server.AllowClientCredentialsFlow().AllowPasswordFlow().AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                server.RequireProofKeyForCodeExchange();
                server.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                server.RegisterScopes([.. PlatformScopes.All, Scopes.OpenId, Scopes.OfflineAccess]);
                server.SetAccessTokenLifetime(lifetime);
                server.SetRefreshTokenLifetime(builder.Configuration.GetValue("Identity:RefreshTokenLifetime", TimeSpan.FromDays(14)));
                // No grace period: a redeemed refresh token presented again is theft or a bug, and revokes the chain.
                server.SetRefreshTokenReuseLeeway(null);
                // Plain signed JWTs: every service validates them against the published JWKS.
                server.DisableAccessTokenEncryption();
                server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .EnableAuthorizationEndpointPassthrough()
                    // Inside the cluster the services speak http; TLS terminates in front of the gateway.
                    .DisableTransportSecurityRequirement();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.AddAudiences(PlatformAudiences.For(ResourceNames.Identity));
                validation.UseAspNetCore();
            });
        builder.AddServerKeys();
        builder.Services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .AddCookie(SignInPage.Scheme, cookie =>
            {
                // The sign-in session is identity's own, only for its /connect endpoints, and never the APIs' credential.
                cookie.Cookie.Name = "sqmy_signin";
                cookie.Cookie.Path = "/connect";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.ExpireTimeSpan = builder.Configuration.GetValue("Identity:SignInSessionLifetime", TimeSpan.FromHours(8));
                cookie.SlidingExpiration = false;
            });
        builder.Services.AddAntiforgery(options => options.Cookie.Path = "/connect");
        builder.Services.AddOptions<PlatformClientsOptions>().BindConfiguration(PlatformClientsOptions.Section);
        builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        // After the database migrator (registered with the host before this), so the tables exist.
        builder.Services.AddHostedService<PlatformClients>();
        builder.Services.AddOptions<OperatorBootstrapOptions>().BindConfiguration(OperatorBootstrapOptions.Section);
        builder.Services.AddHostedService<OperatorBootstrap>();
        return builder;
    }
}
