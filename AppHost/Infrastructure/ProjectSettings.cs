using Microsoft.Extensions.Configuration;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>What the AppHost's own settings give every project (the services and the gateway).</summary>
public static class ProjectSettings
{
    public const string Section = "ServiceSettings";

    /// <summary>
    /// <c>ServiceSettings:*</c> of the AppHost becomes the projects' configuration, prefix removed
    /// (ServiceSettings:Messaging:WakeOnPublish → Messaging__WakeOnPublish), so one AppHost argument switches a
    /// service setting everywhere. Without the dashboard nothing receives telemetry, so none is exported.
    /// </summary>
    public static void ApplyToEveryProject(this IDistributedApplicationBuilder builder, SpeedSettings speed)
    {
        var forwarded = builder.Configuration.GetSection(Section);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context =>
            {
                foreach (var (key, value) in forwarded.AsEnumerable(makePathsRelative: true))
                    if (value is not null) context.EnvironmentVariables[key.Replace(":", "__")] = value;
                if (!speed.DashboardEnabled) context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
            });
        }
    }
}
