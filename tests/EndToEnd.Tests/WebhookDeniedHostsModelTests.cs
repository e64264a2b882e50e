using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.AppHost.Infrastructure;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>The AppHost hands identity the platform's own addresses as Webhooks:DeniedHosts in every mode (built, not started).</summary>
public sealed class WebhookDeniedHostsModelTests
{
    private static readonly string[] Stores = ["intakedb", "reviewdb", "peopledb", "trainingdb", "scoringdb", "identitydb", "redis"];

    private static async Task<List<string>> DeniedHostsAsync(params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args);
        await using var app = await builder.BuildAsync();
        var identity = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().Single(p => p.Name == "identity");
        var environment = await identity.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
        return [.. environment.Where(e => e.Key.StartsWith(WebhookDeniedHosts.Variable, StringComparison.Ordinal))
            .OrderBy(e => int.Parse(e.Key[WebhookDeniedHosts.Variable.Length..])).Select(e => e.Value)];
    }

    [Fact]
    public async Task Local_mode_denies_every_project_and_store_endpoint()
    {
        var denied = await DeniedHostsAsync("Infrastructure:Mode=local", $"Infrastructure:DataDirectory={Path.GetTempPath()}/sqmy-model");
        foreach (var resource in new[] { "gateway", "identity", "people", "intake", "review", "training", "scoring", "postgres", "redis" })
            Assert.Contains(denied, d => d.Contains($"{{{resource}.bindings.", StringComparison.Ordinal) && d.Contains(".host}:{", StringComparison.Ordinal));
    }

    [Fact]
    public async Task External_mode_denies_the_stores_hosts_the_public_origin_and_configured_extras()
    {
        var denied = await DeniedHostsAsync([.. Stores.Concat(Stores.Where(s => s != "redis").Select(s => $"{s}-owner"))
                .Select(n => $"ConnectionStrings:{n}=" + (n == "redis" ? "managed-redis.internal:6380,password=x" : $"Host=managed-{n}.internal;Port=5433")),
            "Infrastructure:Mode=external", "Gateway:PublicOrigin=https://sqmy.example.gov.cn", "Webhooks:DeniedHosts:0=admin.sqmy.example.gov.cn"]);

        Assert.Contains("managed-identitydb.internal:5433", denied);
        Assert.Contains("managed-reviewdb-owner.internal:5433", denied);
        Assert.Contains("managed-redis.internal:6380", denied);
        Assert.Contains("sqmy.example.gov.cn", denied);
        Assert.Contains("admin.sqmy.example.gov.cn", denied);
        Assert.Contains(denied, d => d.StartsWith("{gateway.bindings.", StringComparison.Ordinal));
        Assert.DoesNotContain(denied, d => d.Contains("password", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Host=db.internal;Port=5433;Username=u;Password=p", "db.internal:5433")]
    [InlineData("Host=db.internal;Username=u", "db.internal:5432")]
    [InlineData("cache.internal:6380,password=secret", "cache.internal:6380")]
    [InlineData("", null)]
    public void A_stores_host_is_read_from_its_connection_string(string connectionString, string? expected) =>
        Assert.Equal(expected, WebhookDeniedHosts.HostOf(connectionString));
}
