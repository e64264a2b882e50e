using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;

namespace SheqingMinyi.Security;

/// <summary>
/// Refusals by authorization as problem answers: the scheme still challenges (401 with WWW-Authenticate) or
/// forbids (403) as usual, then the body says so in problem+json with a stable code, rather than an empty page.
/// </summary>
public sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        await _default.HandleAsync(next, context, policy, result);
        if (!(result.Challenged || result.Forbidden) || context.Response.HasStarted) return;
        var status = context.Response.StatusCode;
        if (status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)) return;
        var detail = status == StatusCodes.Status401Unauthorized
            ? "A valid access token is required (Authorization: Bearer …, from /connect/token)."
            : "Your roles or scopes do not allow this request.";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = ProblemDetailsDefaults.TitleFor(status),
                Detail = detail,
                Extensions = { ["code"] = ProblemDetailsDefaults.CodeFor(status) },
            },
        });
    }
}
