using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Transforms;

namespace SheqingMinyi.Gateway.Proxy;

/// <summary>
/// A service's error answer without a body (e.g. a bare 405 with Allow, a 401 with only WWW-Authenticate) leaves
/// the gateway as problem+json with a code and the trace id, keeping the service's status and headers. Error
/// answers that carry a body of their own (problems, OAuth token errors) pass through untouched.
/// </summary>
public static class UpstreamProblems
{
    public static async ValueTask WriteIfBareAsync(ResponseTransformContext transform)
    {
        if (transform.ProxyResponse is not { } upstream || (int)upstream.StatusCode < 400) return;
        var content = upstream.Content.Headers;
        if (content.ContentLength is not 0 && content.ContentType is not null) return;

        transform.SuppressResponseBody = true;
        var context = transform.HttpContext;
        var status = (int)upstream.StatusCode;
        context.Response.Headers.ContentLength = null;
        context.Response.Headers.ContentType = default;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = ProblemDetailsDefaults.TitleFor(status),
                Detail = $"The service answered {status} without details.",
                Extensions = { ["code"] = ProblemDetailsDefaults.CodeFor(status) },
            },
        });
    }
}
