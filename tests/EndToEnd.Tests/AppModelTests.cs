using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.AppHost.Infrastructure;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>The three infrastructure modes build the app model they promise (built, not started: no Docker needed).</summary>
public sealed class AppModelTests
{
    private static readonly string[] Databases = ["intakedb", "reviewdb", "peopledb", "trainingdb", "scoringdb", "identitydb"];

    private static async Task<DistributedApplicationModel> ModelAsync(params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args);
        await using var app = await builder.BuildAsync();
        return app.Services.GetRequiredService<DistributedApplicationModel>();
    }

    [Fact]
    public async Task Local_mode_runs_PostgreSQL_and_Redis_as_executables_with_one_database_per_service()
    {
        var model = await ModelAsync("Infrastructure:Mode=local", $"Infrastructure:DataDirectory={Path.GetTempPath()}/sqmy-model");
        Assert.IsAssignableFrom<ExecutableResource>(model.Resources.Single(r => r.Name == "postgres"));
        Assert.IsAssignableFrom<ExecutableResource>(model.Resources.Single(r => r.Name == "redis"));
        Assert.DoesNotContain(model.Resources, r => r is ContainerResource);
        foreach (var database in Databases)
        {
            // Two logins per database: the application's (what the services get as ConnectionStrings:{db}) and the owner's.
            var application = Assert.IsType<LocalPostgresDatabaseResource>(model.Resources.Single(r => r.Name == database));
            var owner = Assert.IsType<LocalPostgresDatabaseResource>(model.Resources.Single(r => r.Name == $"{database}-owner"));
            Assert.True(application.AsApplication);
            Assert.False(owner.AsApplication);
            Assert.Equal(database, owner.DatabaseName);
            Assert.Contains("Username=sqmy_app_login;Password={postgres-app-password.value}", application.ConnectionStringExpression.ValueExpression);
        }
        Assert.True(Assert.Single(model.Resources.OfType<ParameterResource>(), p => p.Name == "postgres-app-password").Secret);
        // Redis wants a password, and its connection string carries it.
        Assert.True(Assert.Single(model.Resources.OfType<ParameterResource>(), p => p.Name == "redis-password").Secret);
        Assert.EndsWith(",password={redis-password.value}",
            ((IResourceWithConnectionString)model.Resources.Single(r => r.Name == "redis")).ConnectionStringExpression.ValueExpression);
        Assert.Equal(["gateway", "identity", "intake", "people", "review", "scoring", "training"],
            model.Resources.OfType<ProjectResource>().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Containers_mode_uses_the_PostgreSQL_and_Redis_containers()
    {
        var model = await ModelAsync("Infrastructure:Mode=containers");
        Assert.IsType<PostgresServerResource>(model.Resources.Single(r => r.Name == "postgres"));
        Assert.IsType<RedisResource>(model.Resources.Single(r => r.Name == "redis"));
        Assert.All(Databases, d => Assert.IsType<PostgresDatabaseResource>(model.Resources.Single(r => r.Name == $"{d}-owner")));
        Assert.All(Databases, d => Assert.Contains("Username=sqmy_app_login",
            Assert.IsAssignableFrom<IResourceWithConnectionString>(model.Resources.Single(r => r.Name == d)).ConnectionStringExpression.ValueExpression));
    }

    [Fact]
    public async Task External_mode_takes_every_store_as_a_connection_string_from_configuration()
    {
        var names = Databases.Concat(Databases.Select(d => $"{d}-owner")).Append("redis").ToArray();
        var model = await ModelAsync([.. names.Select(n => $"ConnectionStrings:{n}=Host=managed-{n}.internal"), "Infrastructure:Mode=external"]);
        foreach (var name in names)
        {
            var store = Assert.IsAssignableFrom<IResourceWithConnectionString>(model.Resources.Single(r => r.Name == name));
            Assert.Equal($"Host=managed-{name}.internal", await store.GetConnectionStringAsync());
        }
        Assert.DoesNotContain(model.Resources, r => r.Name == "postgres" || r is ContainerResource);
    }

    [Fact]
    public async Task An_unknown_mode_is_refused_with_the_modes_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ModelAsync("Infrastructure:Mode=cloud"));
        Assert.Contains("local, containers, external", error.ToString());
    }

    private static async Task<string?> DemoSeedOfAsync(DistributedApplicationModel model, string project)
    {
        var resource = model.Resources.OfType<ProjectResource>().Single(p => p.Name == project);
        var environment = await resource.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
        return environment.GetValueOrDefault("Demo__Seed");
    }

    [Fact]
    public async Task Demo_data_is_seeded_in_local_mode_only_unless_asked_for()
    {
        var local = await ModelAsync("Infrastructure:Mode=local", $"Infrastructure:DataDirectory={Path.GetTempPath()}/sqmy-model");
        string[] external = [.. Databases.Append("redis").Select(n => $"ConnectionStrings:{n}=Host=managed-{n}.internal"), "Infrastructure:Mode=external"];
        var production = await ModelAsync(external);
        var asked = await ModelAsync([.. external, "Demo:Seed=true"]);

        foreach (var project in new[] { "identity", "people" })
        {
            Assert.Equal("true", await DemoSeedOfAsync(local, project));
            Assert.Equal("false", await DemoSeedOfAsync(production, project));
            Assert.Equal("true", await DemoSeedOfAsync(asked, project));
        }
        // Outside local mode the first operator's password is a secret parameter handed to identity only.
        var parameter = Assert.Single(production.Resources.OfType<ParameterResource>(), p => p.Name == "operator-password");
        Assert.True(parameter.Secret);
        Assert.DoesNotContain(local.Resources.OfType<ParameterResource>(), p => p.Name == "operator-password");
    }

    private static async Task<Dictionary<string, string>> EnvironmentOfAsync(DistributedApplicationModel model, string project)
    {
        var resource = model.Resources.OfType<ProjectResource>().Single(p => p.Name == project);
        return await resource.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
    }

    [Fact]
    public async Task One_public_issuer_for_all_internal_JWKS_over_TLS_outside_local_mode_and_the_password_grant_in_local_mode_only()
    {
        var local = await ModelAsync("Infrastructure:Mode=local", $"Infrastructure:DataDirectory={Path.GetTempPath()}/sqmy-model");
        string[] external = [.. Databases.Append("redis").Select(n => $"ConnectionStrings:{n}=Host=managed-{n}.internal"), "Infrastructure:Mode=external"];
        var production = await ModelAsync([.. external, "Gateway:PublicOrigin=https://sqmy.example.gov.cn"]);
        string[] projects = ["identity", "gateway", "intake", "review", "people", "training", "scoring"];

        // Local: the gateway's own endpoint, the same expression for every project.
        var localIssuers = new List<string>();
        foreach (var project in projects) localIssuers.Add((await EnvironmentOfAsync(local, project))["Auth__Issuer"]);
        Assert.Single(localIssuers.Distinct());
        Assert.Contains("gateway", localIssuers[0]);
        foreach (var project in projects)
        {
            var localEnvironment = await EnvironmentOfAsync(local, project);
            var productionEnvironment = await EnvironmentOfAsync(production, project);
            Assert.Equal("https://sqmy.example.gov.cn", productionEnvironment["Auth__Issuer"]);
            if (project == "identity") continue;
            Assert.Equal("http://identity", localEnvironment["Auth__Authority"]);
            Assert.Equal("false", localEnvironment["Auth__RequireHttpsMetadata"]);
            Assert.Equal("https://identity", productionEnvironment["Auth__Authority"]);
            Assert.False(productionEnvironment.ContainsKey("Auth__RequireHttpsMetadata"), $"{project} must fetch the JWKS over TLS");
        }
        Assert.Equal("sqmy-portal", (await EnvironmentOfAsync(local, "identity"))["Identity__PasswordGrantClients__0"]);
        Assert.False((await EnvironmentOfAsync(production, "identity")).ContainsKey("Identity__PasswordGrantClients__0"));
        // Webhooks to a receiver on this machine: local mode only.
        Assert.Equal("true", (await EnvironmentOfAsync(local, "identity"))["Webhooks__AllowLoopback"]);
        Assert.False((await EnvironmentOfAsync(production, "identity")).ContainsKey("Webhooks__AllowLoopback"));
    }
}
