using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;

namespace SheqingMinyi.Identity.Auth;

/// <summary>
/// A person's user name and password checked, for the password grant and the sign-in page alike: the same answer
/// and the same cost for an unknown user, a disabled account and a wrong password; both outcomes audited; an old
/// hash replaced while the password is at hand. The caller runs as the owner (the tenant is not known yet).
/// </summary>
public static class AccountSignIn
{
    public const string WrongCredentials = "用户名或密码错误 (wrong user name or password).";

    public static async Task<Account?> VerifyAsync(IdentityDbContext db, IPasswordHasher<Account> hasher, ILogger log,
        string? userName, string? password, string method, CancellationToken ct)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.UserName == userName, ct);
        // An unknown user costs a hash check too, so timing does not tell which user names exist.
        var verified = hasher.VerifyHashedPassword(account ?? TimingDecoy, account?.PasswordHash ?? TimingDecoyHash, password ?? "");
        if (account is null || account.Disabled || verified == PasswordVerificationResult.Failed)
        {
            log.LogWarning("Sign-in failed for {User}", userName);
            // Failures are audited under the account's tenant when the account exists (its admin should see them).
            db.AddAudit(account?.TenantId ?? "", userName ?? "", AuditActions.SignInFailed, method,
                account is null ? "unknown user" : account.Disabled ? "account disabled" : "wrong password");
            await db.SaveChangesAsync(ct);
            return null;
        }
        // A hash of an older format or weaker settings is replaced while the password is at hand.
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
            account.PasswordHash = hasher.HashPassword(account, password!);
        db.AddAudit(account.TenantId, account.Id.ToString(), AuditActions.SignIn, method, account.UserName);
        await db.SaveChangesAsync(ct);
        log.LogInformation("{User} of {Tenant} signed in", account.UserName, account.TenantId);
        return account;
    }

    private static readonly Account TimingDecoy = new() { UserName = "timing-decoy" };
    private static readonly string TimingDecoyHash = new PasswordHasher<Account>().HashPassword(TimingDecoy, Guid.NewGuid().ToString());
}
