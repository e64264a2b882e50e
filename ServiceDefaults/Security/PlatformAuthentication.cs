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

    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        var issuer = auth["Issuer"] ?? DefaultIssuer;
        var authority = auth["Authority"] ?? issuer;
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MetadataAddress = $"{authority.TrimEnd('/')}/.well-known/openid-configuration";
            // Inside the cluster the identity service is reached over http through service discovery.
            options.RequireHttpsMetadata = false;
            options.MapInboundClaims = false;
            // Retry a failed discovery/JWKS fetch soon rather than after the default five minutes.
            options.RefreshInterval = TimeSpan.FromSeconds(10);
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = issuer,
                ValidAudience = PlatformClaims.Audience,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
                RoleClaimType = PlatformClaims.Role,
            };
        });
        // Fetch discovery and JWKS with a service-discovery-aware client (the default HttpClient knows no "identity").
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory>((options, clients) => options.Backchannel = clients.CreateClient("sqmy-jwks"));
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPlatformPolicies();
        return builder;
    }

    public static string? TenantId(this ClaimsPrincipal user) => user.FindFirst(PlatformClaims.Tenant)?.Value;

    public static Guid? PersonId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(PlatformClaims.PersonId)?.Value, out var id) ? id : null;

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.FindAll(PlatformClaims.Scope).SelectMany(c => c.Value.Split(' ')).Contains(scope);
}
