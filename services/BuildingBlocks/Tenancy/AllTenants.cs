using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SheqingMinyi.BuildingBlocks.Tenancy;

/// <summary>
/// An endpoint parameter that says, in the signature, that the endpoint works across tenants: signing in (the
/// account, and so the tenant, is found by user name), the operator's writes to another tenant, the gateway's
/// revocation feed. Binding it puts the request's database work under the tables' owner
/// (<see cref="TenantContext.RunAsOwner"/>); only endpoints listed in docs/security.md take it.
/// </summary>
public sealed class AllTenants
{
    private static readonly AllTenants Instance = new();

    private AllTenants() { }

    public static ValueTask<AllTenants?> BindAsync(HttpContext context)
    {
        context.RequestServices.GetRequiredService<TenantContext>().RunAsOwner();
        return ValueTask.FromResult<AllTenants?>(Instance);
    }
}
