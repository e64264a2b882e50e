using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;
using StackExchange.Redis;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Who sees which dead letters: a tenant admin the tenant's own, the platform operator all, tenantless garbage included.</summary>
public sealed class DeadLetterVisibilityTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private async Task<JsonElement[]> ListAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/admin/dead-letters?pageSize=200")).GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task Garbage_goes_to_the_operator_and_a_tenants_bad_event_to_that_tenant_only()
    {
        var (a, b) = (Tenants.New(), Tenants.New());
        var badEvent = Guid.NewGuid();
        await EventStreams.PublishAsync(factory.RedisPrefix, badEvent, a, nameof(SubmissionAdopted), "{not json");
        var garbage = await EventStreams.Redis.StreamAddAsync(EventStreams.Key(factory.RedisPrefix, nameof(SubmissionAdopted)),
            [new NameValueEntry("tenant", "Not A Tenant!"), new NameValueEntry("payload", "{}")]);
        var @operator = factory.ClientFor(Tenants.New(), [PlatformRoles.PlatformOperator]);

        await Eventually.GetAsync(() => TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM dead_letters WHERE event_id = $1 OR tenant_id = ''", badEvent), n => n == 2, what: "two dead letters stored");
        var all = await Eventually.GetAsync(() => ListAsync(@operator),
            l => l.Any(d => d.GetProperty("eventId").GetGuid() == badEvent) && l.Any(d => d.GetProperty("tenantId").GetString() == ""),
            what: "both letters in the operator's list");
        var tenantless = all.Single(d => d.GetProperty("tenantId").GetString() == "" && d.GetProperty("type").GetString() == "unreadable");
        Assert.Contains("no 'id' field", tenantless.GetProperty("error").GetString());

        var ofA = await ListAsync(factory.ClientFor(a, [PlatformRoles.TenantAdmin]));
        var mine = Assert.Single(ofA);
        Assert.Equal(badEvent, mine.GetProperty("eventId").GetGuid());
        Assert.Equal(1, mine.GetProperty("attempts").GetInt32()); // a payload that cannot be read never succeeds: no retries
        // The tenant admin reads the exception's type and message; the operator reads the stack too.
        var shortError = mine.GetProperty("error").GetString()!;
        Assert.StartsWith("System.Text.Json.JsonException:", shortError);
        Assert.DoesNotContain("\n", shortError);
        Assert.DoesNotContain("   at ", shortError);
        var fullError = all.Single(d => d.GetProperty("eventId").GetGuid() == badEvent).GetProperty("error").GetString()!;
        Assert.StartsWith(shortError, fullError);
        Assert.Contains("   at ", fullError);
        Assert.Empty(await ListAsync(factory.ClientFor(b, [PlatformRoles.TenantAdmin])));
        Assert.NotEqual(RedisValue.Null, garbage);
    }
}
