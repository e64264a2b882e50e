using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SheqingMinyi.Security;

namespace SheqingMinyi.Tests;

/// <summary>
/// Access tokens for service tests, shaped like the identity service's (RS256, typ at+jwt, iss, aud — by default
/// every service's audience, as a person's token names them —, tenant, roles, person)
/// and signed by a key of the test run. Services validate them with their real JWT validation, given this key
/// instead of fetching the identity service's JWKS.
/// </summary>
public static class TestTokens
{
    public static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "test-key" };

    /// <summary>Roles a default test caller holds: enough to reach every endpoint of its tenant.</summary>
    public static readonly string[] AllStaffRoles =
        [PlatformRoles.Member, PlatformRoles.StaffEditor, PlatformRoles.Director, PlatformRoles.Leader, PlatformRoles.TenantAdmin];

    public static string Create(string tenantId, IEnumerable<string>? roles = null, Guid? personId = null, IEnumerable<string>? scopes = null,
        TimeSpan? lifetime = null, string? issuer = null, string? audience = null, SecurityKey? signingKey = null, string? clientId = null,
        string type = PlatformAuthentication.AccessTokenType, Guid? departmentId = null)
    {
        var claims = new List<Claim> { new("sub", clientId ?? Guid.NewGuid().ToString()), new(PlatformClaims.Tenant, tenantId) };
        claims.AddRange((roles ?? AllStaffRoles).Select(r => new Claim(PlatformClaims.Role, r)));
        if (personId is not null) claims.Add(new Claim(PlatformClaims.PersonId, personId.ToString()!));
        if (scopes is not null) claims.Add(new Claim(PlatformClaims.Scope, string.Join(' ', scopes)));
        if (clientId is not null) claims.Add(new Claim(PlatformClaims.ClientId, clientId));
        if (departmentId is not null) claims.Add(new Claim(PlatformClaims.Department, departmentId.ToString()!));
        if (audience is null) claims.AddRange(PlatformAudiences.All.Select(a => new Claim("aud", a)));
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? PlatformAuthentication.DefaultIssuer,
            Audience = audience,
            TokenType = type,
            Subject = new ClaimsIdentity(claims),
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(signingKey ?? Key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>Makes a host validate tokens against <see cref="Key"/> rather than the identity service's JWKS.</summary>
    public static IServiceCollection TrustTestTokens(this IServiceCollection services)
    {
        services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = PlatformAuthentication.DefaultIssuer };
            configuration.SigningKeys.Add(Key);
            options.Configuration = configuration;
            // In place of the manager that would fetch identity's JWKS.
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
        });
        return services;
    }
}
