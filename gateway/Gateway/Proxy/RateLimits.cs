using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SheqingMinyi.Security;

namespace SheqingMinyi.Gateway.Proxy;

/// <summary>
/// Configuration section "Gateway:RateLimits". Limits are rates per minute, counted in fixed windows of
/// <see cref="WindowSeconds"/>: each window allows rate × window / 60 requests (rounded, at least one).
/// </summary>
public sealed class GatewayRateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    /// <summary>Per partner client (client_id of a "partner" token), else per signed-in subject (sub).</summary>
    public int PerClientPermitsPerMinute { get; set; } = 600;

    /// <summary>Per tenant (the token's tenant claim), all its clients and users together.</summary>
    public int PerTenantPermitsPerMinute { get; set; } = 3000;

    /// <summary>Per remote IP address, for requests without a valid token.</summary>
    public int AnonymousPermitsPerMinute { get; set; } = 120;

    /// <summary>Length of a counting window.</summary>
    public int WindowSeconds { get; set; } = 60;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    public int PerWindow(int permitsPerMinute) => Math.Max(1, (int)Math.Round(permitsPerMinute * WindowSeconds / 60.0));
}

/// <summary>
/// Rate limits at the gateway, after authentication (so the token's claims are known) and before proxying:
/// one chained limiter, per client (or per IP when anonymous), then per tenant. Over a limit: 429 problem with
/// Retry-After. Health endpoints are never limited.
/// </summary>
public static class GatewayRateLimits
{
    /// <summary>The partitioned limiter replenishes its windows on a 100 ms timer: Retry-After allows for it.</summary>
    private static readonly TimeSpan ReplenishTick = TimeSpan.FromMilliseconds(100);

    public static WebApplicationBuilder AddGatewayRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayRateLimitOptions>().BindConfiguration(GatewayRateLimitOptions.Section)
            .Validate(o => o.PerClientPermitsPerMinute > 0 && o.PerTenantPermitsPerMinute > 0 && o.AnonymousPermitsPerMinute > 0 && o.WindowSeconds > 0,
                $"{GatewayRateLimitOptions.Section}: permits and WindowSeconds must be positive.")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayRateLimitOptions>>((options, configured) =>
        {
            var limits = configured.Value;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(PerClient(limits), PerTenant(limits));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => RejectAsync(context.HttpContext, context.Lease, limits);
        });
        return builder;
    }

    /// <summary>Call after UseAuthentication and before the proxy is reached.</summary>
    public static WebApplication UseGatewayRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static bool IsHealth(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/alive");

    private static PartitionedRateLimiter<HttpContext> PerClient(GatewayRateLimitOptions limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (IsHealth(context)) return RateLimitPartition.GetNoLimiter("health");
            var user = context.User;
            if (user.Identity?.IsAuthenticated != true)
                return Window($"ip:{context.Connection.RemoteIpAddress}", limits.PerWindow(limits.AnonymousPermitsPerMinute), limits);
            var clientId = user.FindFirst(PlatformClaims.ClientId)?.Value;
            var key = user.IsInRole(PlatformRoles.Partner) && !string.IsNullOrEmpty(clientId)
                ? $"client:{clientId}"
                : $"sub:{user.FindFirst("sub")?.Value ?? context.Connection.RemoteIpAddress?.ToString()}";
            return Window(key, limits.PerWindow(limits.PerClientPermitsPerMinute), limits);
        });

    private static PartitionedRateLimiter<HttpContext> PerTenant(GatewayRateLimitOptions limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            !IsHealth(context) && context.User.Identity?.IsAuthenticated == true && context.User.TenantId() is { Length: > 0 } tenant
                ? Window($"tenant:{tenant}", limits.PerWindow(limits.PerTenantPermitsPerMinute), limits)
                : RateLimitPartition.GetNoLimiter(""));

    private static RateLimitPartition<string> Window(string key, int permits, GatewayRateLimitOptions limits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = limits.Window,
            QueueLimit = 0,
        });

    private static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease, GatewayRateLimitOptions limits)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limits.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter + ReplenishTick).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "请求过于频繁",
            detail: $"Rate limit reached for this client or tenant. Retry after {seconds} seconds.").ExecuteAsync(context);
    }
}
