using Microsoft.AspNetCore.Http.Features;
using Scalar.AspNetCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.Gateway.Proxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;
using SheqingMinyi.Security;

namespace Microsoft.Extensions.Hosting;

public static class GatewayProxy
{
    /// <summary>Internal headers: never accepted from clients (the tenant comes only from the access token).</summary>
    public const string InternalHeaderPrefix = "X-Sqmy-";

    public static WebApplicationBuilder AddGatewayProxy(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection("Gateway"));
        // Kestrel's ceiling is the larger (upload) limit; each request then gets its own limit (UseRequestBodyLimit).
        var defaults = new GatewayOptions();
        var maxBody = Math.Max(builder.Configuration.GetValue("Gateway:MaxRequestBodyBytes", defaults.MaxRequestBodyBytes),
            builder.Configuration.GetValue("Gateway:MaxUploadBodyBytes", defaults.MaxUploadBodyBytes));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBody);
        builder.Services.AddReverseProxy()
            .LoadFromMemory(ServiceRoutes.Routes, ServiceRoutes.Clusters)
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(context =>
            {
                context.AddRequestTransform(transform =>
                {
                    // The names come from the client's request as Kestrel read it: enumerating the outgoing
                    // message's headers instead would parse every value (the bearer token among them) on each request.
                    foreach (var header in transform.HttpContext.Request.Headers)
                        if (IsInternal(header.Key)) transform.ProxyRequest.Headers.Remove(header.Key);
                    return ValueTask.CompletedTask;
                });
                context.AddResponseTransform(UpstreamProblems.WriteIfBareAsync);
            });
        builder.AddPlatformAuthentication();
        return builder;
    }

    private static bool IsInternal(string header) => header.StartsWith(InternalHeaderPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Maps the proxy, turning forwarding failures into problem answers, and a 404 problem for unknown paths.</summary>
    public static WebApplication MapGatewayProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy => proxy.Use(async (context, next) =>
        {
            await next();
            var error = context.Features.Get<IForwarderErrorFeature>();
            if (error is null || context.Response.HasStarted) return;
            var (status, title) = error.Error switch
            {
                ForwarderError.RequestBodyClient or ForwarderError.RequestCanceled when context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge
                    => (StatusCodes.Status413PayloadTooLarge, "请求体过大"),
                ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout, "服务响应超时"),
                ForwarderError.NoAvailableDestinations or ForwarderError.Request => (StatusCodes.Status503ServiceUnavailable, "服务暂不可用"),
                ForwarderError.RequestBodyClient or ForwarderError.RequestCanceled => (StatusCodes.Status400BadRequest, "请求未能完整送达"),
                _ => (StatusCodes.Status502BadGateway, "服务返回异常"),
            };
            context.Response.Clear();
            await Results.Problem(statusCode: status, title: title,
                detail: $"The gateway could not complete the request to the service ({error.Error}).").ExecuteAsync(context);
        }));
        app.MapFallback((HttpContext context) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "未找到",
            detail: $"No API at {context.Request.Path}. APIs live under /api/{{intake,review,people,training,scoring}}/."))
            .AllowAnonymous();
        return app;
    }

    /// <summary>Rejects a declared body over the request's limit before it is read; Kestrel stops undeclared (chunked)
    /// ones at the same limit, set per request (uploads get the larger one).</summary>
    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        app.Use(async (context, next) =>
        {
            var limit = options.LimitFor(context.Request);
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize) bodySize.MaxRequestBodySize = limit;
            if (context.Request.ContentLength > limit)
            {
                await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "请求体过大",
                    detail: $"Request bodies are limited to {limit} bytes.").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>Every service's OpenAPI document, read through the gateway, in one browsable page at /docs.</summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapScalarApiReference("/docs", options =>
        {
            options.WithTitle("社情民意平台 API");
            foreach (var path in ServiceRoutes.PathToService.Keys)
                options.AddDocument(path, path, $"/api/{path}/openapi/v1.json", isDefault: path == "intake");
            // Each document names its server (/api/{service}) and the token URL (/connect/token), both on this
            // gateway: "try it" signs in here (a person through the portal client) and calls through here.
            options.AddPreferredSecuritySchemes(["oauth2"])
                .AddPasswordFlow("oauth2", flow => flow.ClientId = "sqmy-portal");
        }).AllowAnonymous();
        return app;
    }
}
