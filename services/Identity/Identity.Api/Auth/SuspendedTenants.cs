using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.Identity.Data;

namespace SheqingMinyi.Identity.Auth;

/// <summary>The token endpoint's check: a suspended tenant's accounts and clients get no new token (audited as a failed sign-in).</summary>
public static class SuspendedTenants
{
    public const string Description = "租户已停用 (the tenant is suspended).";

    /// <summary>True (and the refusal audited and saved) when <paramref name="tenantId"/> is suspended.</summary>
    public static async Task<bool> RefusesAsync(IdentityDbContext db, string tenantId, string subject, string grant, CancellationToken ct)
    {
        if (!await IsSuspendedAsync(db, tenantId, ct)) return false;
        db.AddAudit(tenantId, subject, AuditActions.SignInFailed, grant, "tenant suspended");
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The one test of a suspension: the token endpoint, the sign-in page and the authorize endpoint ask it.</summary>
    public static Task<bool> IsSuspendedAsync(IdentityDbContext db, string tenantId, CancellationToken ct) =>
        db.Tenants.AnyAsync(t => t.Id == tenantId && t.SuspendedAt != null, ct);
}
