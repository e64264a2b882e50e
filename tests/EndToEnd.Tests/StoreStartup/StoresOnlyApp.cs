using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace SheqingMinyi.EndToEnd.Tests.StoreStartup;

/// <summary>
/// The AppHost in local mode with its services taken out: PostgreSQL, its databases and Redis only. How the stores
/// start is all these tests look at, and six services less keep them quick.
/// </summary>
internal static class StoresOnlyApp
{
    public static async Task<DistributedApplication> BuildAsync(params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["Infrastructure:Mode=local", "Demo:Seed=false", .. args]);
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
            builder.Resources.Remove(project);
        return await builder.BuildAsync();
    }

    public static IResource Resource(this DistributedApplication app, string name) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);
}
