using Yarp.ReverseProxy.Configuration;

namespace SheqingMinyi.Gateway.Proxy;

/// <summary>/api/{service}/** goes to that service, found through service discovery, with the prefix removed.</summary>
public static class ServiceRoutes
{
    public static readonly IReadOnlyDictionary<string, string> PathToService = new Dictionary<string, string>
    {
        ["intake"] = ResourceNames.Intake,
        ["review"] = ResourceNames.Review,
        ["people"] = ResourceNames.People,
        ["training"] = ResourceNames.TrainingEvents,
        ["scoring"] = ResourceNames.Scoring,
        ["identity"] = ResourceNames.Identity,
    };

    /// <summary>OAuth endpoints keep their standard paths at the gateway's root.</summary>
    private static readonly string[] IdentityRootPaths = ["/connect/{**rest}", "/.well-known/{**rest}"];

    /// <summary>YARP's built-in policy name for endpoints that need no token.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>
    /// Every API route needs a valid access token (the fallback policy). Anonymous: the token and discovery
    /// endpoints, account activation, the members' public business cards, and each service's OpenAPI document
    /// (documentation, no data).
    /// </summary>
    public static IReadOnlyList<RouteConfig> Routes =>
    [
        .. PathToService.Select(p => new RouteConfig
        {
            RouteId = p.Key,
            ClusterId = p.Value,
            Match = new RouteMatch { Path = $"/api/{p.Key}/{{**rest}}" },
            Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = $"/api/{p.Key}" }],
        }),
        .. PathToService.Select(p => new RouteConfig
        {
            RouteId = $"{p.Key}-openapi",
            ClusterId = p.Value,
            Order = -1,
            AuthorizationPolicy = Anonymous,
            Match = new RouteMatch { Path = $"/api/{p.Key}/openapi/{{**rest}}" },
            Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = $"/api/{p.Key}" }],
        }),
        // A person setting their password with an activation code has no token yet.
        new RouteConfig
        {
            RouteId = "identity-activate",
            ClusterId = ResourceNames.Identity,
            Order = -1,
            AuthorizationPolicy = Anonymous,
            Match = new RouteMatch { Path = "/api/identity/accounts/activate", Methods = ["POST"] },
            Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = "/api/identity" }],
        },
        // A member's business card, opened from its QR code by anyone: the page and its clue form (people checks the
        // token; the gateway limits each address, see GatewayRateLimits).
        new RouteConfig
        {
            RouteId = "people-card",
            ClusterId = ResourceNames.People,
            AuthorizationPolicy = Anonymous,
            Match = new RouteMatch { Path = "/card/{token}", Methods = ["GET", "POST"] },
            Transforms = [new Dictionary<string, string> { ["PathPattern"] = "/public/cards/{token}" }],
        },
        new RouteConfig
        {
            RouteId = "people-public-cards",
            ClusterId = ResourceNames.People,
            Order = -1,
            AuthorizationPolicy = Anonymous,
            Match = new RouteMatch { Path = "/api/people/public/cards/{token}", Methods = ["GET", "POST"] },
            Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = "/api/people" }],
        },
        .. IdentityRootPaths.Select((path, i) => new RouteConfig
        {
            RouteId = $"identity-root-{i}",
            ClusterId = ResourceNames.Identity,
            AuthorizationPolicy = Anonymous,
            Match = new RouteMatch { Path = path },
        }),
    ];

    public static IReadOnlyList<ClusterConfig> Clusters => [.. PathToService.Values.Select(service => new ClusterConfig
    {
        ClusterId = service,
        Destinations = new Dictionary<string, DestinationConfig> { [service] = new() { Address = $"http://{service}" } },
    })];
}
