using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SheqingMinyi.Gateway.Revocation;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Revoked tokens stop at the gateway: after authentication, a token whose account, partner client or tenant was
/// revoked after it was issued gets 401 (problem+json, <c>WWW-Authenticate: Bearer error="invalid_token"</c>).
/// Also keeps identity's internal paths (the revocation feed) out of reach from outside.
/// </summary>
public static class TokenRevocation
{
    public static WebApplicationBuilder AddTokenRevocation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RevocationOptions>().BindConfiguration(RevocationOptions.Section)
            .Validate(o => o.RefreshSeconds is >= 1 and <= 20 && o.IssuedAtSkewSeconds is >= 0 and <= 30 && Uri.IsWellFormedUriString(o.FeedUrl, UriKind.Absolute),
                $"{RevocationOptions.Section}: RefreshSeconds 1..20, IssuedAtSkewSeconds 0..30, FeedUrl absolute.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RevocationCache>();
        builder.Services.AddHttpClient(RevocationPoller.ClientName);
        builder.Services.AddHostedService<RevocationPoller>();
        builder.Services.AddHealthChecks().AddCheck<RevocationHealthCheck>("revocations");
        return builder;
    }

    /// <summary>Call right after UseAuthentication, before rate limits and the proxy.</summary>
    public static WebApplication UseTokenRevocation(this WebApplication app)
    {
        var cache = app.Services.GetRequiredService<RevocationCache>();
        var skew = app.Services.GetRequiredService<IOptions<RevocationOptions>>().Value.IssuedAtSkew;
        app.Use(async (context, next) =>
        {
            if (IsInternal(context.Request.Path))
            {
                await Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "未找到",
                    detail: $"No API at {context.Request.Path}.").ExecuteAsync(context);
                return;
            }
            if (context.User.Identity?.IsAuthenticated == true && cache.List.Refusing(context.User, skew) is { } revoked)
            {
                context.Response.Headers[HeaderNames.WWWAuthenticate] =
                    "Bearer error=\"invalid_token\", error_description=\"The access token has been revoked\"";
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "令牌已被撤销",
                    detail: $"This access token was revoked ({revoked.Kind}, at {revoked.RevokedAt:O}); sign in again.",
                    extensions: new Dictionary<string, object?> { ["code"] = "token-revoked" }).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>
    /// /api/identity/internal/** in any spelling (case, doubled slashes, escapes): never forwarded. Identity's
    /// internal endpoints answer callers inside the cluster only.
    /// </summary>
    public static bool IsInternal(PathString path)
    {
        // Every request passes here: a path without "internal" in any case and without escapes (which could spell
        // it) cannot be one, and is let through without unescaping and splitting it.
        var value = path.Value.AsSpan();
        if (!value.Contains('%') && !value.Contains("internal", StringComparison.OrdinalIgnoreCase)) return false;
        var segments = Uri.UnescapeDataString(path.Value ?? "").Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 3 && segments[0].Equals("api", StringComparison.OrdinalIgnoreCase)
            && segments[1].Equals("identity", StringComparison.OrdinalIgnoreCase)
            && segments[2].Trim().Equals("internal", StringComparison.OrdinalIgnoreCase);
    }
}
