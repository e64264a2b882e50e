using Npgsql;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>
/// Hands identity every address of the platform itself as <c>Webhooks:DeniedHosts</c>, so its SSRF guard refuses a
/// webhook URL naming one in every mode (also local mode, where loopback receivers are allowed): each endpoint of each
/// resource (gateway, services, local stores) as <c>host:port</c>, the hosts of stores given as connection strings
/// (external mode), the gateway's public origin, and whatever the AppHost's own <c>Webhooks:DeniedHosts</c> adds.
/// </summary>
public static class WebhookDeniedHosts
{
    public const string Variable = "Webhooks__DeniedHosts__";

    public static IResourceBuilder<ProjectResource> WithPlatformHostsDeniedToWebhooks(this IResourceBuilder<ProjectResource> identity)
    {
        var app = identity.ApplicationBuilder;
        return identity.WithEnvironment(async context =>
        {
            var index = 0;
            void Deny(object value) => context.EnvironmentVariables[$"{Variable}{index++}"] = value;
            foreach (var resource in app.Resources.OfType<IResourceWithEndpoints>())
                foreach (var annotation in resource.Annotations.OfType<EndpointAnnotation>())
                {
                    var endpoint = resource.GetEndpoint(annotation.Name);
                    Deny(ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(EndpointProperty.Port)}"));
                    // Behind the AppHost's proxy the process listens on a port of its own: that one too, when fixed.
                    if (annotation.IsProxied && annotation.TargetPort is { } target && target != annotation.Port) Deny($"localhost:{target}");
                }
            // Stores given as connection strings only (external mode): no endpoints of their own to name.
            foreach (var store in app.Resources.OfType<IResourceWithConnectionString>().Where(r => r is not IResourceWithEndpoints and not IResourceWithParent))
                if (HostOf(await ValueOrNullAsync(store, context.CancellationToken)) is { } host) Deny(host);
            if (app.Configuration["Gateway:PublicOrigin"] is { Length: > 0 } origin && Uri.TryCreate(origin, UriKind.Absolute, out var publicOrigin))
                Deny(publicOrigin.IdnHost);
            foreach (var extra in app.Configuration.GetSection("Webhooks:DeniedHosts").GetChildren().Select(c => c.Value).OfType<string>())
                Deny(extra);
        });
    }

    /// <summary>A store's connection string, or null while it cannot be known (a value only a later step resolves).</summary>
    private static async Task<string?> ValueOrNullAsync(IResourceWithConnectionString store, CancellationToken ct)
    {
        try
        {
            return await store.ConnectionStringExpression.GetValueAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The host (and port) of a PostgreSQL or Redis connection string; null when it names none.</summary>
    public static string? HostOf(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return null;
        if (connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var npgsql = new NpgsqlConnectionStringBuilder(connectionString);
                return npgsql.Host is { Length: > 0 } host ? $"{host}:{npgsql.Port}" : null;
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
        // Redis (StackExchange): "host:port,password=…"; its first part without '=' is the server.
        return connectionString.Split(',').Select(p => p.Trim()).FirstOrDefault(p => p.Length > 0 && !p.Contains('='));
    }
}
