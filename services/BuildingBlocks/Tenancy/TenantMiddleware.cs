using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.Security;

namespace SheqingMinyi.BuildingBlocks.Tenancy;

public static partial class TenantMiddleware
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex TenantIdPattern();

    public static bool IsValidTenantId(string? value) => value is not null && TenantIdPattern().IsMatch(value);

    /// <summary>
    /// The tenant of a request comes from its validated access token and nowhere else (not a header, not a body).
    /// A request without a token has no tenant and sees nothing; authorization answers it 401.
    /// </summary>
    public static IApplicationBuilder UseTenantFromToken(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            if (!IsValidTenantId(context.User.TenantId()))
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "令牌未指明有效的租户",
                    detail: "The access token carries no valid tenant.",
                    extensions: new Dictionary<string, object?> { ["code"] = "tenant-invalid" }).ExecuteAsync(context);
                return;
            }
            context.RequestServices.GetRequiredService<TenantContext>().Set(context.User.TenantId()!);
        }
        await next(context);
    });
}
