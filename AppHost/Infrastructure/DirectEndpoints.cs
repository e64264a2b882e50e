using Microsoft.Extensions.Configuration;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>
/// Local mode without the AppHost's proxy: every connection through DCP's proxy costs a hop (pgbench SELECT 1:
/// 34,000 tps on PostgreSQL's own port, 11,600 through the proxy). Unproxied, a process listens on its endpoint's
/// port itself, so that port must be fixed: the stores take <c>Infrastructure:PostgresPort</c> and
/// <c>Infrastructure:RedisPort</c>, the projects their launch profile's port (gateway 5080, intake 5101 …).
/// </summary>
public static class DirectEndpoints
{
    // Outside Linux's ephemeral range (32768+, where scripts/test-stores.sh picks its ports) and away from a system
    // PostgreSQL (5432) or Redis (6379).
    public const int DefaultPostgresPort = 15432;
    public const int DefaultRedisPort = 16379;

    /// <summary>The store's port when direct, else null (proxied on a port DCP picks, as before).</summary>
    public static int? StorePort(IConfiguration configuration, bool direct, string key, int defaultPort) =>
        direct ? configuration.GetValue($"Infrastructure:{key}", defaultPort) : null;

    /// <summary>
    /// Every project's endpoints on their launch-profile ports, unproxied. A project with replicas keeps the proxy:
    /// its replicas cannot share one port, and Aspire refuses replicas with a proxy-less endpoint.
    /// </summary>
    public static void MakeProjectsDirect(this IDistributedApplicationBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            if (project.Annotations.OfType<ReplicaAnnotation>().LastOrDefault() is { Replicas: > 1 }) continue;
            foreach (var endpoint in project.Annotations.OfType<EndpointAnnotation>().Where(e => e.Port is not null))
            {
                endpoint.IsProxied = false;
                endpoint.TargetPort = endpoint.Port; // proxy-less: the port others use is the one it listens on
            }
        }
    }
}
