using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SheqingMinyi.Security;

// One process plays both ends of the gateway for bench/gateway/run.sh: the service behind it and identity (the
// JWKS the gateway validates against, an empty revocation feed, and tokens signed with a key made at start).
// Upstream:Kind "service" (default): /alive is a service's own (service defaults: telemetry, health checks), as the
// issue measured it; "minimal": a bare Kestrel answer that costs next to nothing, to see the gateway's cost alone.
var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "bench-key" };
var jwks = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);

var builder = WebApplication.CreateSlimBuilder(args);
var likeService = builder.Configuration["Upstream:Kind"] is null or "service";
if (likeService) builder.AddServiceDefaults();
else builder.Logging.ClearProviders();
var app = builder.Build();

if (likeService) app.MapDefaultEndpoints();
else app.MapGet("/alive", () => "Healthy");
app.MapGet("/.well-known/jwks", () => Results.Json(new { keys = new[] { new { jwks.Kty, jwks.Kid, use = "sig", alg = "RS256", jwks.N, jwks.E } } }));
app.MapGet("/internal/revocations", () => Results.Json(new { asOf = DateTimeOffset.UtcNow, from = DateTimeOffset.UtcNow.AddMinutes(-16), items = Array.Empty<object>() }));
// A person's access token as identity signs it: every service's audience, a tenant, staff roles, one hour.
app.MapGet("/bench/token", () =>
{
    var claims = new List<Claim> { new("sub", Guid.NewGuid().ToString()), new(PlatformClaims.Tenant, "bench") };
    claims.AddRange(new[] { PlatformRoles.Member, PlatformRoles.StaffEditor }.Select(r => new Claim(PlatformClaims.Role, r)));
    claims.AddRange(PlatformAudiences.All.Select(a => new Claim("aud", a)));
    var now = DateTime.UtcNow;
    return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = PlatformAuthentication.DefaultIssuer,
        TokenType = PlatformAuthentication.AccessTokenType,
        Subject = new ClaimsIdentity(claims),
        NotBefore = now,
        IssuedAt = now,
        Expires = now.AddHours(1),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
    });
});
app.Run();
