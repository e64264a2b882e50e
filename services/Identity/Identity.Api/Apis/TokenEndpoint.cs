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

/// <summary>
/// /connect/token: turns a partner's client credentials, a person's password (clients allowed to use it only), an
/// authorization code or a refresh token into an access token.
/// </summary>
public static class TokenEndpoint
{
    public const string TenantProperty = "tenant";
    /// <summary>A department's client: the department (review's) it acts for, put in its tokens as <c>department_id</c>.</summary>
    public const string DepartmentProperty = "department";

    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", ExchangeAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, IOpenIddictApplicationManager applications,
        IdentityDbContext db, AllTenants allTenants, IPasswordHasher<Account> hasher, SignInGuard guard, ILoggerFactory loggers, CancellationToken ct)
    {
        // Signing in finds the account (and so its tenant) by name, before any tenant is known: AllTenants, the owner's login.
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
            // A partner's token is for the services of its scopes, and identity (where it reads its own tenant).
            var identity = NewIdentity(request.ClientId!, tenantId, [PlatformRoles.Partner], personId: null,
                [PlatformAudiences.For(ResourceNames.Identity), .. PlatformAudiences.ForScopes(request.GetScopes())]);
            identity.SetClaim(PlatformClaims.ClientId, request.ClientId);
            if (properties.TryGetValue(DepartmentProperty, out var department) && department.GetString() is { } departmentId)
            {
                identity.SetClaim(PlatformClaims.Department, departmentId);
                identity.FindFirst(PlatformClaims.Department)!.SetDestinations(Destinations.AccessToken); // added after NewIdentity's destinations
            }
            identity.SetScopes(request.GetScopes());
            db.AddAudit(tenantId, request.ClientId!, AuditActions.SignIn, "client_credentials", string.Join(' ', request.GetScopes()));
            await db.SaveChangesAsync(ct);
            log.LogInformation("Client {Client} of {Tenant} signed in", request.ClientId, tenantId);
            return SignIn(identity);
        }
        if (request.IsPasswordGrantType())
        {
            // OpenIddict has already refused clients without the password grant permission (unauthorized_client).
            var attempt = await AccountSignIn.VerifyAsync(db, hasher, guard, log, request.ClientId!, request.Username, request.Password, "password", ct);
            if (attempt.Account is not { } account) return Refuse(Errors.InvalidGrant, attempt.Refusal);
            var identity = PersonIdentity(account);
            identity.SetScopes(request.GetScopes());
            return SignIn(identity);
        }
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
            return await CodeFlowGrants.ExchangeAsync(context, db, ct);
        return Refuse(Errors.UnsupportedGrantType, "Only client_credentials, password, authorization_code and refresh_token are supported.");
    }

    /// <summary>A person's access token: every service is its audience (see <see cref="PlatformAudiences"/>).</summary>
    internal static ClaimsIdentity PersonIdentity(Account account)
    {
        var identity = NewIdentity(account.Id.ToString(), account.TenantId, account.Roles, account.PersonId, PlatformAudiences.All);
        identity.SetClaim(Claims.Name, account.UserName);
        if (account.DepartmentId is { } department)
        {
            identity.SetClaim(PlatformClaims.Department, department.ToString());
            identity.FindFirst(PlatformClaims.Department)!.SetDestinations(Destinations.AccessToken); // added after NewIdentity's destinations
        }
        return identity;
    }

    private static ClaimsIdentity NewIdentity(string subject, string tenantId, IEnumerable<string> roles, Guid? personId, string[] audiences)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject);
        identity.SetClaim(PlatformClaims.Tenant, tenantId);
        identity.SetClaims(Claims.Role, [.. roles]);
        if (personId is not null) identity.SetClaim(PlatformClaims.PersonId, personId.ToString());
        identity.SetResources(audiences);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return identity;
    }

    internal static IResult SignIn(ClaimsIdentity identity) =>
        Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    internal static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
