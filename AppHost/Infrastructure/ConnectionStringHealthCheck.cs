using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>Readiness of a local server: resolves its connection string when asked and runs a probe against it.</summary>
internal sealed class ConnectionStringHealthCheck(IResourceWithConnectionString resource, Func<string, CancellationToken, Task<bool>> probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
            return connectionString is not null && await probe(connectionString, cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{resource.Name} is not answering yet");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"{resource.Name} is not answering yet", ex);
        }
    }
}
