using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SheqingMinyi.BuildingBlocks.Tenancy;

public static partial class TenantMiddleware
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex TenantIdPattern();

    public static bool IsValidTenantId(string? value) => value is not null && TenantIdPattern().IsMatch(value);

    /// <summary>Resolves the tenant of each API request from the gateway's internal header; a request
    /// under /api-less paths such as health and OpenAPI needs none.</summary>
    public static IApplicationBuilder UseTenantResolution(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/health") || path.StartsWithSegments("/alive") || path.StartsWithSegments("/openapi"))
        {
            await next(context);
            return;
        }
        var tenant = context.Request.Headers[InternalHeaders.Tenant].ToString();
        if (!IsValidTenantId(tenant))
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "缺少或无效的租户标识",
                detail: "The request carries no valid tenant; requests reach services through the gateway.",
                extensions: new Dictionary<string, object?> { ["code"] = "tenant-missing" }).ExecuteAsync(context);
            return;
        }
        context.RequestServices.GetRequiredService<TenantContext>().Set(tenant);
        await next(context);
    });
}
