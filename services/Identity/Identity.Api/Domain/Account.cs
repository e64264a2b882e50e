using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.Identity.Domain;

/// <summary>Invited (no password yet, an activation code pending), active, or disabled by the tenant admin.</summary>
public enum AccountStatus { Invited, Active, Disabled }

/// <summary>
/// A person's sign-in: linked to a people-service person, with the roles they hold in their tenant. An invited or
/// reset account has no password, only the hash of a one-time activation code; the person sets the password.
/// </summary>
public sealed class Account
{
    public const int UserNameMaxLength = 64, DisplayNameMaxLength = 100;

    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public string UserName { get; init; } = "";
    public string DisplayName { get; set; } = "";
    /// <summary>Empty while invited or reset: no password verifies against it.</summary>
    public string PasswordHash { get; set; } = "";
    public Guid? PersonId { get; set; }
    public List<string> Roles { get; set; } = [];
    /// <summary>The government department a department-role account acts for (交办, in review); null for everyone else.</summary>
    public Guid? DepartmentId { get; set; }
    public bool Disabled { get; set; }
    /// <summary>SHA-256 of the pending activation code (hex), null once used.</summary>
    public string? ActivationCodeHash { get; set; }
    public DateTimeOffset? ActivationExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The row version (xmin): the ETag, and what If-Match pins.</summary>
    public uint Version { get; set; }

    public AccountStatus Status => Disabled ? AccountStatus.Disabled : PasswordHash.Length == 0 ? AccountStatus.Invited : AccountStatus.Active;

    /// <summary>Only an enabled account with a password may sign in.</summary>
    public bool CanSignIn => Status == AccountStatus.Active;

    public static Account Invite(string tenantId, string userName, string displayName, IEnumerable<string> roles, Guid? personId,
        string activationCodeHash, DateTimeOffset expiresAt, DateTimeOffset now, Guid? departmentId = null) => new()
    {
        Id = Guid.CreateVersion7(), TenantId = tenantId, UserName = userName, DisplayName = displayName, Roles = [.. roles.Distinct()],
        PersonId = personId, DepartmentId = departmentId, ActivationCodeHash = activationCodeHash, ActivationExpiresAt = expiresAt, CreatedAt = now,
    };

    /// <summary>Takes sign-in away; tokens issued before now are refused through the revocation.</summary>
    public Outcome<Revocation> Disable(DateTimeOffset now)
    {
        if (Disabled) return InvalidState("disabled");
        Disabled = true;
        return Revocation.OfAccount(Id, TenantId, now, "account disabled");
    }

    public Outcome Enable()
    {
        if (!Disabled) return InvalidState("enabled");
        Disabled = false;
        return Outcome.Done;
    }

    /// <summary>The password stops working at once; the person sets a new one with the new code.</summary>
    public Revocation Reset(string activationCodeHash, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        PasswordHash = "";
        ActivationCodeHash = activationCodeHash;
        ActivationExpiresAt = expiresAt;
        return Revocation.OfAccount(Id, TenantId, now, "password reset");
    }

    /// <summary>True when <paramref name="codeHash"/> is the pending code and it has not expired.</summary>
    public bool ActivationHolds(string codeHash, DateTimeOffset now) =>
        ActivationCodeHash is { } pending && ActivationExpiresAt > now
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(pending), System.Text.Encoding.ASCII.GetBytes(codeHash));

    /// <summary>Sets the password and consumes the code (once: a second use finds no code).</summary>
    public void Activate(string passwordHash)
    {
        PasswordHash = passwordHash;
        ActivationCodeHash = null;
        ActivationExpiresAt = null;
    }

    /// <summary>Adds a role the account gains from outside (an appointment); false when it already holds it.</summary>
    public bool GrantRole(string role)
    {
        if (Roles.Contains(role)) return false;
        Roles = [.. Roles, role];
        return true;
    }

    /// <summary>Takes a role away; tokens issued before now carry it, so they are revoked (none when it was not held).</summary>
    public Revocation? WithdrawRole(string role, DateTimeOffset now)
    {
        if (!Roles.Contains(role)) return null;
        Roles = [.. Roles.Where(r => r != role)];
        return Revocation.OfAccount(Id, TenantId, now, $"role {role} withdrawn");
    }

    private static DomainError InvalidState(string state) =>
        new("invalid-state", "账号当前状态不允许此操作", $"The account is already {state}.");
}
