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

    /// <summary>Per remote IP address on the public business-card pages (/card/*, /api/people/public/*), signed in or
    /// not: its own partition, stricter than <see cref="AnonymousPermitsPerMinute"/>, since anyone may post a clue there.</summary>
    public int PublicCardPermitsPerMinute { get; set; } = 30;

    /// <summary>Length of a counting window.</summary>
    public int WindowSeconds { get; set; } = 60;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    public int PerWindow(int permitsPerMinute) => (int)Math.Clamp(Math.Round(permitsPerMinute * (double)WindowSeconds / 60), 1, int.MaxValue);
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
            .Validate(o => o.PerClientPermitsPerMinute > 0 && o.PerTenantPermitsPerMinute > 0 && o.AnonymousPermitsPerMinute > 0 && o.PublicCardPermitsPerMinute > 0 && o.WindowSeconds > 0,
                $"{GatewayRateLimitOptions.Section}: permits and WindowSeconds must be positive.")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayRateLimitOptions>>((options, configured) =>
        {
            var limits = configured.Value;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(PerClient(limits), PerTenant(limits), PerAddressOnPublicCards(limits));
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

    // Partition keys are (kind, value) pairs and each limit's options and factory are made once: the limiter asks
    // for a partition on every request, and building key strings and closures each time showed in the profile.
    private static PartitionedRateLimiter<HttpContext> PerClient(GatewayRateLimitOptions limits)
    {
        var anonymous = Window<(string, string?)>(limits.PerWindow(limits.AnonymousPermitsPerMinute), limits);
        var perClient = Window<(string, string?)>(limits.PerWindow(limits.PerClientPermitsPerMinute), limits);
        return PartitionedRateLimiter.Create<HttpContext, (string, string?)>(context =>
        {
            if (IsHealth(context)) return RateLimitPartition.GetNoLimiter<(string, string?)>(("health", null));
            var user = context.User;
            if (user.Identity?.IsAuthenticated != true)
                return new(("ip", context.Connection.RemoteIpAddress?.ToString()), anonymous);
            var clientId = user.FindFirst(PlatformClaims.ClientId)?.Value;
            var key = user.IsInRole(PlatformRoles.Partner) && !string.IsNullOrEmpty(clientId)
                ? ("client", clientId)
                : ("sub", user.FindFirst("sub")?.Value ?? context.Connection.RemoteIpAddress?.ToString());
            return new(key, perClient);
        });
    }

    private static PartitionedRateLimiter<HttpContext> PerTenant(GatewayRateLimitOptions limits)
    {
        var perTenant = Window<string>(limits.PerWindow(limits.PerTenantPermitsPerMinute), limits);
        return PartitionedRateLimiter.Create<HttpContext, string>(context =>
            !IsHealth(context) && context.User.Identity?.IsAuthenticated == true && context.User.TenantId() is { Length: > 0 } tenant
                ? new(tenant, perTenant)
                : RateLimitPartition.GetNoLimiter(""));
    }

    public static bool IsPublicCard(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/card") || context.Request.Path.StartsWithSegments("/api/people/public");

    private static PartitionedRateLimiter<HttpContext> PerAddressOnPublicCards(GatewayRateLimitOptions limits)
    {
        // Partition keys are never null (a dictionary key): no address is a partition of its own, as for anonymous callers.
        var perAddress = Window<string>(limits.PerWindow(limits.PublicCardPermitsPerMinute), limits);
        return PartitionedRateLimiter.Create<HttpContext, string>(context => IsPublicCard(context)
            ? new(context.Connection.RemoteIpAddress?.ToString() ?? "", perAddress)
            : RateLimitPartition.GetNoLimiter("-"));
    }

    /// <summary>
    /// A fixed-window limiter factory for one limit, shared by all its partitions. As GetFixedWindowLimiter does, no
    /// timer per limiter: the partitioned limiter replenishes its partitions on its own tick.
    /// </summary>
    private static Func<TKey, RateLimiter> Window<TKey>(int permits, GatewayRateLimitOptions limits)
    {
        var options = new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = limits.Window, QueueLimit = 0, AutoReplenishment = false };
        return _ => new FixedWindowRateLimiter(options);
    }

    private static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease, GatewayRateLimitOptions limits)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limits.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter + ReplenishTick).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "请求过于频繁",
            detail: $"Rate limit reached for this client or tenant. Retry after {seconds} seconds.").ExecuteAsync(context);
    }
}
