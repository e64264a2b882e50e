using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.Security;

namespace SheqingMinyi.BuildingBlocks.Tenancy;

/// <summary>
/// Who calls and for which tenant, read once from the validated access token: the one way an endpoint knows its
/// caller. Bound as an endpoint parameter (<c>Caller caller</c>); endpoints are signed-in by the fallback policy,
/// so a tenant is always there when one runs.
/// </summary>
public sealed class Caller(ClaimsPrincipal principal, string tenantId)
{
    public string TenantId { get; } = tenantId;
    /// <summary>The token's subject: an account, or a partner's client id.</summary>
    public string Subject { get; } = principal.FindFirst("sub")?.Value ?? "";
    /// <summary>The person a signed-in account stands for (none for a partner system).</summary>
    public Guid? PersonId { get; } = principal.PersonId();
    public bool IsPartner => principal.IsInRole(PlatformRoles.Partner);
    /// <summary>The department a department's client or person acts for (交办); null for everyone else.</summary>
    public Guid? DepartmentId { get; } = principal.IsDepartment() ? principal.DepartmentId() : null;
    /// <summary>Staff and partners act on the whole tenant; members and officers on their own items only.</summary>
    public bool SeesWholeTenant => principal.SeesWholeTenant();
    public bool IsInRole(string role) => principal.IsInRole(role);
    public ClaimsPrincipal Principal => principal;

    public static ValueTask<Caller?> BindAsync(HttpContext context)
    {
        var tenant = context.RequestServices.GetRequiredService<TenantContext>();
        if (!tenant.IsSet)
            throw new BadHttpRequestException("No signed-in caller with a tenant.", StatusCodes.Status401Unauthorized);
        return ValueTask.FromResult<Caller?>(new Caller(context.User, tenant.TenantId));
    }
}
