using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;

namespace SheqingMinyi.Identity.Auth;

/// <summary>The signed-in account, or null and the answer the person sees.</summary>
public sealed record SignInAttempt(Account? Account, string Refusal);

/// <summary>
/// A person's user name and password checked, for the password grant and the sign-in page alike: the same answer
/// and the same cost for an unknown user, a disabled or not yet activated account, a locked account, a throttled
/// client and a wrong password; a suspended tenant is said so; both outcomes audited; an old hash replaced while
/// the password is at hand. The caller runs as the owner (the tenant is not known yet).
/// </summary>
public static class AccountSignIn
{
    public const string WrongCredentials = "用户名或密码错误 (wrong user name or password).";

    public static async Task<SignInAttempt> VerifyAsync(IdentityDbContext db, IPasswordHasher<Account> hasher, SignInGuard guard,
        ILogger log, string clientId, string? userName, string? password, string method, CancellationToken ct)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.UserName == userName, ct);
        // An unknown user (or one without a password yet) costs a hash check too, so timing does not tell which user names exist.
        var verified = hasher.VerifyHashedPassword(account ?? TimingDecoy,
            account?.PasswordHash is { Length: > 0 } hash ? hash : TimingDecoyHash, password ?? "");
        // Lockout per account and throttling per client; a lock refuses even the right password, with the same answer.
        if (await guard.AssessAsync(clientId, account, verified != PasswordVerificationResult.Failed, ct) is { } failure)
        {
            log.LogWarning("Sign-in failed for {User}: {Failure}", account?.UserName ?? "an unknown user", failure);
            // Failures are audited under the account's tenant when the account exists (its admin should see them).
            db.AddAudit(account?.TenantId ?? "", guard.AuditSubject(userName, account), AuditActions.SignInFailed, method, failure);
            await db.SaveChangesAsync(ct);
            return new(null, WrongCredentials);
        }
        if (await SuspendedTenants.RefusesAsync(db, account!.TenantId, account.UserName, method, ct))
            return new(null, SuspendedTenants.Description);
        // A hash of an older format or weaker settings is replaced while the password is at hand.
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
            account.PasswordHash = hasher.HashPassword(account, password!);
        db.AddAudit(account.TenantId, account.Id.ToString(), AuditActions.SignIn, method, account.UserName);
        await db.SaveChangesAsync(ct);
        log.LogInformation("{User} of {Tenant} signed in", account.UserName, account.TenantId);
        return new(account, "");
    }

    private static readonly Account TimingDecoy = new() { UserName = "timing-decoy" };
    private static readonly string TimingDecoyHash = new PasswordHasher<Account>().HashPassword(TimingDecoy, Guid.NewGuid().ToString());
}
