using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Security;

namespace SheqingMinyi.BuildingBlocks.Auditing;

public sealed record AuditEntryView(Guid Id, string Subject, string Action, string Resource, string Outcome, string? TraceId, DateTimeOffset At);

public static class AuditApi
{
    /// <summary>GET /admin/audit: the tenant's trail, newest first, for its tenant admin.</summary>
    public static RouteGroupBuilder MapAuditApi<TContext>(this IEndpointRouteBuilder app) where TContext : DbContext
    {
        var group = app.MapGroup("/admin/audit").WithTags("Audit").RequireAuthorization(PlatformPolicies.TenantAdmin);
        group.MapGet("/", async (TContext db, Caller caller, PageRequest page, CancellationToken ct, string? action = null) =>
        {
            var tenant = caller.TenantId;
            var query = db.Set<AuditEntry>().AsNoTracking().Where(a => a.TenantId == tenant);
            if (action is not null) query = query.Where(a => a.Action == action);
            return TypedResults.Ok(await query.OrderByDescending(a => a.At)
                .Select(a => new AuditEntryView(a.Id, a.Subject, a.Action, a.Resource, a.Outcome, a.TraceId, a.At))
                .ToPageAsync(page, ct));
        });
        return group;
    }

    /// <summary>
    /// Records every refusal after the answer is written: a denial (403) of a signed-in caller on their tenant's
    /// trail, and a missing or bad token (401) under no tenant, since such a token proves none.
    /// </summary>
    public static IApplicationBuilder UseDenialAudit<TContext>(this IApplicationBuilder app) where TContext : DbContext => app.Use(async (context, next) =>
    {
        await next(context);
        var status = context.Response.StatusCode;
        var tenant = context.User.TenantId();
        if (!(status == StatusCodes.Status403Forbidden && tenant is not null) && status != StatusCodes.Status401Unauthorized) return;
        try
        {
            await using var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            if (status == StatusCodes.Status403Forbidden) scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant!);
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var resource = $"{context.Request.Method} {context.Request.Path}";
            if (status == StatusCodes.Status403Forbidden)
                db.AddAudit(tenant!, context.User.FindFirst("sub")?.Value ?? "", AuditActions.AccessDenied, resource, "403");
            else
                db.AddAudit(AuditActions.NoTenant, "", AuditActions.AuthenticationFailed, resource,
                    context.Response.Headers.WWWAuthenticate.ToString() is { Length: > 0 } challenge ? challenge : "no token");
            await db.SaveChangesAsync(context.RequestAborted);
        }
        catch (Exception ex)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SheqingMinyi.Audit")
                .LogError(ex, "Could not audit a denial of {Path}", context.Request.Path);
        }
    });
}
