using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Security;
using SheqingMinyi.Identity.Auth;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SheqingMinyi.Identity.Apis;

/// <summary>/connect/token: turns a partner's client credentials or a person's password into an access token.</summary>
public static class TokenEndpoint
{
    public const string TenantProperty = "tenant";

    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", ExchangeAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, IOpenIddictApplicationManager applications,
        IdentityDbContext db, TenantContext tenantScope, IPasswordHasher<Account> hasher, SignInGuard guard, ILoggerFactory loggers, CancellationToken ct)
    {
        // Signing in finds the account (and so its tenant) by name, before any tenant is known: outside row security.
        tenantScope.RunAsOwner();
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var log = loggers.CreateLogger("SheqingMinyi.Identity.SignIn");
        if (request.IsClientCredentialsGrantType())
        {
            // OpenIddict has already authenticated the client and checked its scope permissions.
            var application = await applications.FindByClientIdAsync(request.ClientId!, ct);
            var properties = application is null ? null : await applications.GetPropertiesAsync(application, ct);
            if (properties is null || !properties.TryGetValue(TenantProperty, out var tenant) || tenant.GetString() is not { } tenantId)
                return Refuse(Errors.InvalidClient, "The client is not bound to a tenant.");
            if (await SuspendedTenants.RefusesAsync(db, tenantId, request.ClientId!, "client_credentials", ct)) return Refuse(Errors.InvalidClient, SuspendedTenants.Description);
            var identity = NewIdentity(request.ClientId!, tenantId, [PlatformRoles.Partner], personId: null);
            identity.SetClaim(PlatformClaims.ClientId, request.ClientId);
            identity.SetScopes(request.GetScopes());
            db.AddAudit(tenantId, request.ClientId!, AuditActions.SignIn, "client_credentials", string.Join(' ', request.GetScopes()));
            await db.SaveChangesAsync(ct);
            log.LogInformation("Client {Client} of {Tenant} signed in", request.ClientId, tenantId);
            return SignIn(identity);
        }
        if (request.IsPasswordGrantType())
        {
            var account = await db.Accounts.FirstOrDefaultAsync(a => a.UserName == request.Username, ct);
            // An unknown user (or one without a password yet) costs a hash check too, so timing does not tell which user names exist.
            var verified = hasher.VerifyHashedPassword(account ?? TimingDecoy,
                account?.PasswordHash is { Length: > 0 } hash ? hash : TimingDecoyHash, request.Password ?? "");
            // Lockout per account and throttling per client; a lock refuses even the right password, with the same answer.
            if (await guard.AssessAsync(request.ClientId!, account, verified != PasswordVerificationResult.Failed, ct) is { } failure)
            {
                log.LogWarning("Sign-in failed for {User}: {Failure}", account?.UserName ?? "an unknown user", failure);
                // Failures are audited under the account's tenant when the account exists (its admin should see them).
                db.AddAudit(account?.TenantId ?? "", guard.AuditSubject(request.Username, account), AuditActions.SignInFailed, "password", failure);
                await db.SaveChangesAsync(ct);
                return Refuse(Errors.InvalidGrant, "用户名或密码错误 (wrong user name or password).");
            }
            if (await SuspendedTenants.RefusesAsync(db, account.TenantId, account.UserName, "password", ct)) return Refuse(Errors.InvalidGrant, SuspendedTenants.Description);
            // A hash of an older format or weaker settings is replaced while the password is at hand.
            if (verified == PasswordVerificationResult.SuccessRehashNeeded)
                account.PasswordHash = hasher.HashPassword(account, request.Password!);
            var identity = NewIdentity(account.Id.ToString(), account.TenantId, account.Roles, account.PersonId);
            identity.SetClaim(Claims.Name, account.UserName);
            identity.SetScopes(request.GetScopes());
            db.AddAudit(account.TenantId, account.Id.ToString(), AuditActions.SignIn, "password", account.UserName);
            await db.SaveChangesAsync(ct);
            log.LogInformation("{User} of {Tenant} signed in", account.UserName, account.TenantId);
            return SignIn(identity);
        }
        return Refuse(Errors.UnsupportedGrantType, "Only client_credentials and password are supported.");
    }

    private static readonly Account TimingDecoy = new() { UserName = "timing-decoy" };
    private static readonly string TimingDecoyHash = new PasswordHasher<Account>().HashPassword(TimingDecoy, Guid.NewGuid().ToString());

    private static ClaimsIdentity NewIdentity(string subject, string tenantId, IEnumerable<string> roles, Guid? personId)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject);
        identity.SetClaim(PlatformClaims.Tenant, tenantId);
        identity.SetClaims(Claims.Role, [.. roles]);
        if (personId is not null) identity.SetClaim(PlatformClaims.PersonId, personId.ToString());
        identity.SetResources(PlatformClaims.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return identity;
    }

    private static IResult SignIn(ClaimsIdentity identity) =>
        Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
