using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>Identity announces tenants to the services (TenantRegistered through its outbox): each one it creates, and all of them at start.</summary>
public sealed class TenantAnnouncementTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private static string TenantOf(TestDb.OutboxRow row) => JsonDocument.Parse(row.Payload).RootElement.GetProperty("tenantId").GetString()!;

    [Fact]
    public async Task The_seeded_tenants_are_announced_at_start_and_reach_the_stream()
    {
        var rows = await TestDb.OutboxAsync(factory.ConnectionString, "type = 'TenantRegistered'");
        Assert.Subset(rows.Select(TenantOf).ToHashSet(), new HashSet<string> { "cq-zx", "spb-zx", "mj-cq" });
        var feeder = new StreamFeeder(factory.RedisPrefix);
        var entries = await Eventually.GetAsync(() => feeder.ReadAllAsync("TenantRegistered"), e => e.Length >= rows.Count, what: "announcements relayed");
        Assert.Contains(entries, e => e["tenant"] == "cq-zx"
            && JsonDocument.Parse(e["payload"].ToString()).RootElement.GetProperty("tenantId").GetString() == "cq-zx");
        // Each announcement names the parent body (报送/转报 goes up that link): 沙坪坝 and 民建 under 重庆市政协, which has none.
        var parents = rows.Select(r => JsonDocument.Parse(r.Payload).RootElement)
            .GroupBy(p => p.GetProperty("tenantId").GetString()!)
            .ToDictionary(g => g.Key, g => g.Last().TryGetProperty("parentId", out var parent) ? parent.GetString() : null);
        Assert.Equal("cq-zx", parents["spb-zx"]);
        Assert.Equal("cq-zx", parents["mj-cq"]);
        Assert.Null(parents["cq-zx"]);
    }

    [Fact]
    public async Task A_tenant_created_by_the_operator_is_announced_in_the_same_transaction()
    {
        var client = await Tokens.SignedInClientAsync(factory, "operator");
        var id = $"t-{Guid.NewGuid():N}"[..14];

        var response = await client.PostAsJsonAsync("/tenants", new { id, name = "大渡口区政协", kind = "cppcc", parentId = "cq-zx" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var row = Assert.Single(await TestDb.OutboxAsync(factory.ConnectionString, "type = 'TenantRegistered' AND payload->>'tenantId' = $1", id));
        Assert.Equal("cq-zx", row.TenantId); // under the operator's tenant, as row security admits
        Assert.Equal("大渡口区政协", JsonDocument.Parse(row.Payload).RootElement.GetProperty("name").GetString());
        Assert.Equal("cq-zx", JsonDocument.Parse(row.Payload).RootElement.GetProperty("parentId").GetString()); // the tenant directory's link

        // A refused request announces nothing.
        var duplicate = await client.PostAsJsonAsync("/tenants", new { id, name = "重复", kind = "cppcc" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Single(await TestDb.OutboxAsync(factory.ConnectionString, "type = 'TenantRegistered' AND payload->>'tenantId' = $1", id));
    }
}
