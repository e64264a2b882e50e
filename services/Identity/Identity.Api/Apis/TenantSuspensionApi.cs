using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Identity.Apis;

/// <summary>
/// 停用/恢复租户: the platform operator suspends a tenant (its tokens are refused at the gateway within a minute, new
/// ones are not issued) and resumes it. A repeat is a 409 saying the state, not a silent success: no Idempotency-Key
/// middleware here, because it holds a transaction under the operator's tenant while the revocation row belongs to
/// the suspended one (written as the tables' owner).
/// </summary>
public static class TenantSuspensionApi
{
    public const string Suspended = "tenant-suspended", Resumed = "tenant-resumed";

    public static RouteGroupBuilder MapTenantSuspension(this RouteGroupBuilder tenants)
    {
        tenants.MapPost("/{id}/suspend", SuspendAsync).RequireAuthorization(p => p.RequireRole(PlatformRoles.PlatformOperator));
        tenants.MapPost("/{id}/resume", ResumeAsync).RequireAuthorization(p => p.RequireRole(PlatformRoles.PlatformOperator));
        return tenants;
    }

    public static async Task<Results<Ok<TenantView>, ValidationProblem, ProblemHttpResult>> SuspendAsync(
        string id, SuspendTenantRequest request, IdentityDbContext db, AllTenants allTenants, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("reason", request.Reason, Tenant.ReasonMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        // The revocation and the audit line belong to the suspended tenant, not the operator's: written as owner.
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (tenant is null) return ApiProblems.NotFound("Tenant", id);
        if (tenant.Id == caller.TenantId)
            return ApiProblems.Refused(new DomainError("own-tenant", "不能停用自己所在的租户", "The operator cannot suspend the operator's own tenant."));
        var outcome = tenant.Suspend(clock.GetUtcNow(), request.Reason!.Trim());
        if (outcome.Error is { } refused) return ApiProblems.Refused(refused);
        db.Revocations.Add(outcome.Value!);
        db.AddAudit(tenant.Id, caller.Subject, Suspended, $"tenants/{tenant.Id}", tenant.SuspendedReason!);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(TenantView.From(tenant));
    }

    public static async Task<Results<Ok<TenantView>, ProblemHttpResult>> ResumeAsync(
        string id, IdentityDbContext db, AllTenants allTenants, Caller caller, CancellationToken ct)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (tenant is null) return ApiProblems.NotFound("Tenant", id);
        if (tenant.Resume() is { Error: { } refused }) return ApiProblems.Refused(refused);
        db.AddAudit(tenant.Id, caller.Subject, Resumed, $"tenants/{tenant.Id}", "resumed");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(TenantView.From(tenant));
    }
}
