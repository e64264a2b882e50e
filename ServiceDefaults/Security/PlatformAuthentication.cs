using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace SheqingMinyi.Security;

/// <summary>
/// Every API (gateway and services) validates the identity service's access tokens itself: signature against the
/// published JWKS, issuer, audience, lifetime, and RS256 only (so "alg: none" and HMAC tricks fail). Everything
/// needs a valid token unless an endpoint says AllowAnonymous (health, discovery, token).
/// </summary>
public static class PlatformAuthentication
{
    public const string DefaultIssuer = "http://identity/";

    /// <summary>The JWT type of access tokens (RFC 9068), which OpenIddict sets and every validator requires.</summary>
    public const string AccessTokenType = "at+jwt";

    /// <summary>Default of <c>Auth:ValidatedTokenCacheSize</c>: how many valid tokens a process remembers.</summary>
    public const int DefaultValidatedTokenCacheSize = 10_000;

    /// <summary>
    /// The one issuer setting, <c>Auth:Issuer</c>: the identity service puts it in the tokens it signs and every
    /// validator expects it. Default <see cref="DefaultIssuer"/>, the identity service's discovery name; the AppHost
    /// sets it to the gateway's public origin. Normalised (<c>https://host</c> → <c>https://host/</c>) as OpenIddict
    /// writes it into tokens.
    /// </summary>
    public static string Issuer(IConfiguration configuration) => new Uri(configuration["Auth:Issuer"] ?? DefaultIssuer).AbsoluteUri;

    /// <summary>Token validation and the platform's authorization: what the gateway and every service but identity use.</summary>
    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformTokenValidation();
        builder.Services.AddPlatformAuthorization();
        return builder;
    }

    /// <summary>
    /// Validates the identity service's tokens against its JWKS, fetched from <c>Auth:Authority</c> (default: the
    /// issuer; over TLS unless <c>Auth:RequireHttpsMetadata</c> is false). A service (<paramref name="service"/>)
    /// accepts only tokens for its own audience; without one (the gateway) any platform audience. Access tokens only
    /// (<c>typ: at+jwt</c>): an id token or any other JWT signed by the same key is refused.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformTokenValidation(this IHostApplicationBuilder builder, string? service = null)
    {
        var issuer = Issuer(builder.Configuration);
        // Valid tokens remembered (see ValidatedTokenCache); 0 checks every token in full each time.
        var remembered = builder.Configuration.GetValue("Auth:ValidatedTokenCacheSize", DefaultValidatedTokenCacheSize);
        var authority = builder.Configuration["Auth:Authority"] ?? issuer;
        var requireHttps = builder.Configuration.GetValue("Auth:RequireHttpsMetadata", true);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.RequireHttpsMetadata = requireHttps;
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = issuer,
                ValidAudiences = service is null ? PlatformAudiences.All : [PlatformAudiences.For(service)],
                ValidTypes = [AccessTokenType],
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
                RoleClaimType = PlatformClaims.Role,
            };
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new ValidatedTokenCache(remembered));
        });
        // Fetch the JWKS with a service-discovery-aware client (the default HttpClient knows no "identity").
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory>((options, clients) =>
            {
                options.Backchannel = clients.CreateClient("sqmy-jwks");
                options.ConfigurationManager = InternalJwks.Manager(authority, issuer, options.Backchannel, requireHttps);
            });
        return builder;
    }

    /// <summary>
    /// The roles-and-scopes policies, and a fallback policy that wants a signed-in caller: an endpoint nobody
    /// thought about is closed, and only an explicit AllowAnonymous opens one.
    /// </summary>
    public static IServiceCollection AddPlatformAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPlatformPolicies();
        return services;
    }

    public static string? TenantId(this ClaimsPrincipal user) => user.FindFirst(PlatformClaims.Tenant)?.Value;

    public static Guid? PersonId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(PlatformClaims.PersonId)?.Value, out var id) ? id : null;

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.FindAll(PlatformClaims.Scope).SelectMany(c => c.Value.Split(' ')).Contains(scope);
}
