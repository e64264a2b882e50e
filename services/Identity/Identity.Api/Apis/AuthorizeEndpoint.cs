using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Auth;
using SheqingMinyi.Identity.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SheqingMinyi.Identity.Apis;

/// <summary>
/// /connect/authorize, the authorization code flow's front door. OpenIddict has already checked the client, its
/// registered redirect URI and the PKCE challenge (S256, required). A person not signed in here yet is sent to the
/// sign-in page and comes back; a signed-in person gets a code at once (first-party clients: no consent screen).
/// </summary>
public static class AuthorizeEndpoint
{
    public const string Path = "/connect/authorize";

    public static IEndpointRouteBuilder MapAuthorizeEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, IdentityDbContext db, AllTenants allTenants, CancellationToken ct)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await context.AuthenticateAsync(SignInPage.Scheme);
        if (!session.Succeeded || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
                return TokenEndpoint.Refuse(Errors.LoginRequired, "需要登录 (sign-in required).");
            return Results.Redirect(SignInPage.UrlReturningTo(context.Request.Path + context.Request.QueryString));
        }
        var accountId = Guid.TryParse(session.Principal!.FindFirstValue(Claims.Subject), out var id) ? id : Guid.Empty;
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null || !account.CanSignIn || await SuspendedTenants.IsSuspendedAsync(db, account.TenantId, ct))
        {
            // The session outlived the account (disabled, reset) or its tenant (suspended): sign in again, which they cannot.
            await context.SignOutAsync(SignInPage.Scheme);
            return Results.Redirect(SignInPage.UrlReturningTo(context.Request.Path + context.Request.QueryString));
        }
        var identity = TokenEndpoint.PersonIdentity(account);
        // Only the standard scopes a person's client asks for (openid, offline_access); OpenIddict checked them.
        identity.SetScopes(request.GetScopes());
        return TokenEndpoint.SignIn(identity);
    }
}
