using System.Net;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Intake with a Redis that cannot be reached (nothing listens on its port).</summary>
public sealed class RedisDownFactory : IntakeFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:redis"] = "127.0.0.1:1,connectTimeout=500,abortConnect=false",
    };
}

/// <summary>Redis down degrades a service but keeps it in service: the outbox absorbs the events meanwhile.</summary>
public sealed class RedisDownTests(RedisDownFactory factory) : IClassFixture<RedisDownFactory>
{
    [Fact]
    public async Task Health_reports_degraded_not_unhealthy_and_the_api_keeps_serving()
    {
        var client = factory.ClientFor(Tenants.New());

        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());

        var id = await Drafts.CreateSubmittedAsync(client);
        Assert.Equal("submitted", (await Drafts.GetAsync(client, id)).GetProperty("status").GetString());
        var waiting = await IntakeDb.OutboxForAsync(factory.ConnectionString, id);
        Assert.Single(waiting);
        Assert.Null(waiting[0].PublishedAt);
    }
}
