using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace SheqingMinyi.AppHost.Infrastructure;

public static class LocalRedisBuilderExtensions
{
    /// <summary>Adds redis-server as an executable, with append-only persistence in <paramref name="dataDirectory"/>
    /// fsynced every second, so stream entries survive a restart (at most the last second is lost, which the
    /// outbox republish recovers), a password (requirepass; the connection string carries it) and a PING readiness check. If it cannot start, the reason is reported and the
    /// AppHost stops (<see cref="StartupFailureWatcher"/>). With a <paramref name="directPort"/> it listens there
    /// itself, unproxied (<see cref="DirectEndpoints"/>).</summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, string redisServer, string dataDirectory, int? directPort = null)
    {
        var password = builder.AddParameter($"{name}-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true);
        var resource = new LocalRedisResource(name, redisServer, builder.AppHostDirectory, password.Resource);
        var healthKey = $"{name}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthKey, _ => new ConnectionStringHealthCheck(resource, CanPingRedis), null, null));
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, async (e, _) =>
        {
            try
            {
                if (!File.Exists(redisServer))
                    throw new StoreStartException($"there is no redis-server at {redisServer} (Infrastructure:RedisServer)");
                Directory.CreateDirectory(dataDirectory);
                StoreMessages.Tell(e.Services, resource, $"Redis data: {dataDirectory}");
            }
            catch (Exception ex)
            {
                await e.Services.GetRequiredService<StartupFailureWatcher>().FailAsync(resource, ex.Message);
                throw;
            }
        });

        return builder.AddResource(resource)
            .WithEndpoint(port: directPort, targetPort: directPort, name: LocalRedisResource.EndpointName, scheme: "tcp",
                isProxied: directPort is null ? null : false)
            .WithArgs("--port", resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort),
                "--bind", "127.0.0.1", "--dir", dataDirectory, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
                "--protected-mode", "no", "--daemonize", "no", "--requirepass", resource.Password)
            .WithHealthCheck(healthKey)
            .WithAnnotation(new StopAppIfStartFailsAnnotation());
    }

    private static async Task<bool> CanPingRedis(string connectionString, CancellationToken ct)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 2000;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        await connection.GetDatabase().PingAsync();
        return true;
    }
}
