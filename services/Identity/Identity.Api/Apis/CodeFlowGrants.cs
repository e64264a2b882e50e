using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SheqingMinyi.Identity.Apis;

/// <summary>
/// The authorization code and refresh token grants at /connect/token. OpenIddict has already checked the code or
/// the refresh token (client, redirect URI, PKCE verifier, expiry, one use: a redeemed refresh token presented
/// again revokes the whole chain); here the account is looked up again, so a disabled account, or one revoked (or
/// of a tenant revoked) since the token was issued, gets no new token, and a changed role takes effect.
/// </summary>
public static class CodeFlowGrants
{
    public static async Task<IResult> ExchangeAsync(HttpContext context, IdentityDbContext db, CancellationToken ct)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal;
        if (principal is null || !Guid.TryParse(principal.GetClaim(Claims.Subject), out var accountId))
            return TokenEndpoint.Refuse(Errors.InvalidGrant, "The code or refresh token is no longer valid.");
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        var issuedAt = principal.GetCreationDate() ?? DateTimeOffset.MinValue;
        if (account is null || !account.CanSignIn || await RevokedSinceAsync(db, account, issuedAt, ct))
            return TokenEndpoint.Refuse(Errors.InvalidGrant, "账号已停用或访问已被撤销 (the account is disabled or its access revoked).");
        var identity = TokenEndpoint.PersonIdentity(account);
        identity.SetScopes(principal.GetScopes());
        return TokenEndpoint.SignIn(identity);
    }

    private static Task<bool> RevokedSinceAsync(IdentityDbContext db, Account account, DateTimeOffset issuedAt, CancellationToken ct)
    {
        var subject = account.Id.ToString();
        return db.Revocations.AnyAsync(r => r.RevokedAt > issuedAt
            && ((r.Kind == RevocationKind.Account && r.Subject == subject) || (r.Kind == RevocationKind.Tenant && r.Subject == account.TenantId)), ct);
    }
}
