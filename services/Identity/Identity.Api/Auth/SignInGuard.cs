using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;

namespace SheqingMinyi.Identity.Auth;

/// <summary>Configuration section "Identity:SignIn": when failed password sign-ins lock an account or throttle a client.</summary>
public sealed class SignInLimitOptions
{
    public const string Section = "Identity:SignIn";
    public int AccountMaxFailures { get; set; } = 5;
    public TimeSpan AccountWindow { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan AccountLockout { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Failures across all accounts through one client. The portal is shared by everyone: keep this high.</summary>
    public int ClientMaxFailures { get; set; } = 200;
    public TimeSpan ClientWindow { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan ClientLockout { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Lockout and throttling of the password grant, per account and per client (not per IP: behind a proxy every
/// caller shares one). A locked account or throttled client is refused even with the right password, with the
/// same answer as a wrong one; failures are not counted while locked, so a lock ends when its time is up.
/// </summary>
public sealed class SignInGuard(IdentityDbContext db, IOptions<SignInLimitOptions> options, TimeProvider clock, UserNameHasher userNames)
{
    /// <summary>Null when the sign-in may go ahead; else why not, for the audit trail (never the typed password).</summary>
    public async Task<string?> AssessAsync(string clientId, Account? account, bool passwordVerified, CancellationToken ct)
    {
        var limits = options.Value;
        var now = clock.GetUtcNow();
        var (clientKey, accountKey) = (ClientKey(clientId), account is null ? null : AccountKey(account.Id));
        var locked = await db.SignInThrottles.AsNoTracking()
            .Where(t => (t.Key == clientKey || t.Key == accountKey) && t.LockedUntil > now).Select(t => t.Key).ToListAsync(ct);
        if (locked.Contains(clientKey)) return "client throttled";
        if (accountKey is not null && locked.Contains(accountKey)) return "account locked";

        var failure = account is null ? "unknown user"
            : account.Disabled ? "account disabled"
            : !account.CanSignIn ? "account not activated"
            : !passwordVerified ? "wrong password"
            : null;
        if (failure is null)
        {
            await db.SignInThrottles.Where(t => t.Key == accountKey).ExecuteDeleteAsync(ct);
            return null;
        }
        await CountFailureAsync(clientKey, limits.ClientMaxFailures, limits.ClientWindow, limits.ClientLockout, now, ct);
        if (accountKey is not null)
            await CountFailureAsync(accountKey, limits.AccountMaxFailures, limits.AccountWindow, limits.AccountLockout, now, ct);
        return failure;
    }

    /// <summary>The audit subject of a failed sign-in: the user name of an account, a keyed hash of an unknown name.</summary>
    public string AuditSubject(string? userName, Account? account) => account?.UserName ?? userNames.Hash(userName ?? "");

    public static string AccountKey(Guid accountId) => $"account:{accountId}";
    public static string ClientKey(string clientId) => $"client:{clientId}";

    /// <summary>One statement, so concurrent failures on replicas all count; reaching the limit locks and starts a new window.</summary>
    private Task CountFailureAsync(string key, int max, TimeSpan window, TimeSpan lockout, DateTimeOffset now, CancellationToken ct)
    {
        var (windowStart, lockedUntil) = (now - window, now + lockout);
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO sign_in_throttles AS t (key, failures, window_started_at, locked_until)
            VALUES ({key}, CASE WHEN 1 >= {max} THEN 0 ELSE 1 END, {now}, CASE WHEN 1 >= {max} THEN {lockedUntil} END)
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN (CASE WHEN t.window_started_at <= {windowStart} THEN 1 ELSE t.failures + 1 END) >= {max} THEN 0
                                ELSE (CASE WHEN t.window_started_at <= {windowStart} THEN 1 ELSE t.failures + 1 END) END,
                window_started_at = CASE WHEN t.window_started_at <= {windowStart}
                                          OR t.failures + 1 >= {max} THEN {now} ELSE t.window_started_at END,
                locked_until = CASE WHEN (CASE WHEN t.window_started_at <= {windowStart} THEN 1 ELSE t.failures + 1 END) >= {max}
                                    THEN {lockedUntil} ELSE t.locked_until END
            """, ct);
    }
}
