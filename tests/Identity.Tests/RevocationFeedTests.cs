using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// The gateway's feed: every tenant's recent revocations (kind, subject, tenant, time), read without a token by
/// callers inside the cluster, and left out of the API document. Also: revoking a partner client records it.
/// </summary>
public sealed class RevocationFeedTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private async Task<JsonElement> FeedAsync(string query = "")
    {
        var response = await factory.CreateClient().GetAsync($"/internal/revocations{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement[] Items(JsonElement feed) => [.. feed.GetProperty("items").EnumerateArray()];

    private Task InsertAsync(string kind, string subject, string tenant, TimeSpan age) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, """
            WITH added AS (INSERT INTO revocations (kind, subject, tenant_id, revoked_at, reason)
                VALUES ($1, $2, $3, now() - $4, 'test') RETURNING 1)
            SELECT count(*) FROM added
            """, kind, subject, tenant, age);

    [Fact]
    public async Task The_feed_lists_every_tenants_recent_revocations_without_a_token_and_not_the_old_ones()
    {
        var recentAccount = Guid.NewGuid().ToString();
        var oldAccount = Guid.NewGuid().ToString();
        await InsertAsync("Account", recentAccount, "spb-zx", TimeSpan.FromMinutes(5));
        await InsertAsync("Tenant", "mj-cq", "mj-cq", TimeSpan.FromMinutes(1));
        // Older than the longest token lifetime (15 min) and the validators' skew: nothing left to refuse.
        await InsertAsync("Account", oldAccount, "spb-zx", TimeSpan.FromMinutes(17));

        var feed = await FeedAsync();

        var items = Items(feed);
        var account = Assert.Single(items, i => i.GetProperty("subject").GetString() == recentAccount);
        Assert.Equal(("account", "spb-zx"), (account.GetProperty("kind").GetString(), account.GetProperty("tenantId").GetString()));
        Assert.InRange(account.GetProperty("revokedAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-6), DateTimeOffset.UtcNow.AddMinutes(-4));
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "tenant" && i.GetProperty("subject").GetString() == "mj-cq");
        Assert.DoesNotContain(items, i => i.GetProperty("subject").GetString() == oldAccount);
        Assert.False(items[0].TryGetProperty("reason", out _), "the feed carries ids and times only");
        var asOf = feed.GetProperty("asOf").GetDateTimeOffset();
        Assert.InRange(asOf - feed.GetProperty("from").GetDateTimeOffset(), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(17));
    }

    [Fact]
    public async Task Since_narrows_the_feed_but_never_widens_it_past_the_token_lifetime()
    {
        var older = Guid.NewGuid().ToString();
        var newer = Guid.NewGuid().ToString();
        await InsertAsync("Account", older, "spb-zx", TimeSpan.FromMinutes(3));
        await InsertAsync("Account", newer, "spb-zx", TimeSpan.FromSeconds(30));

        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-2).ToString("O"));
        var narrowed = Items(await FeedAsync($"?since={since}")).Select(i => i.GetProperty("subject").GetString()).ToList();
        var ancient = await FeedAsync($"?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"))}");

        Assert.Contains(newer, narrowed);
        Assert.DoesNotContain(older, narrowed);
        Assert.True(ancient.GetProperty("asOf").GetDateTimeOffset() - ancient.GetProperty("from").GetDateTimeOffset() < TimeSpan.FromMinutes(17));
        Assert.Contains(Items(ancient), i => i.GetProperty("subject").GetString() == older);
    }

    [Fact]
    public async Task A_since_that_is_not_a_time_is_400()
    {
        var response = await factory.CreateClient().GetAsync("/internal/revocations?since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_feed_is_not_in_the_api_document()
    {
        var document = await factory.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.DoesNotContain("/internal", document);
        Assert.Contains("/tenants/{id}/suspend", document);
    }

    [Fact]
    public async Task Revoking_a_partner_client_records_its_revocation_and_the_feed_lists_it()
    {
        var admin = factory.CreateClient().WithBearer(await Tokens.AccessTokenForAsync(factory.CreateClient(), "spb-admin"));
        var registered = await (await admin.PostAsJsonAsync("/clients", new { displayName = "测试OA", scopes = new[] { "intake.read" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var clientId = registered.GetProperty("clientId").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/clients/{clientId}")).StatusCode);

        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM revocations WHERE kind = 'Client' AND subject = $1 AND tenant_id = 'spb-zx'", clientId));
        var item = Assert.Single(Items(await FeedAsync()), i => i.GetProperty("subject").GetString() == clientId);
        Assert.Equal(("client", "spb-zx"), (item.GetProperty("kind").GetString(), item.GetProperty("tenantId").GetString()));
        // Gone, so a second revoke is 404 and records nothing more.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/clients/{clientId}")).StatusCode);
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM revocations WHERE subject = $1", clientId));
    }

    [Fact]
    public async Task Another_tenants_admin_cannot_revoke_the_client_and_no_revocation_is_recorded()
    {
        var admin = factory.CreateClient().WithBearer(await Tokens.AccessTokenForAsync(factory.CreateClient(), "spb-admin"));
        var clientId = (await (await admin.PostAsJsonAsync("/clients", new { displayName = "测试OA", scopes = new[] { "intake.read" } }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientId").GetString()!;
        var other = factory.CreateClient().WithBearer(await Tokens.AccessTokenForAsync(factory.CreateClient(), "mj-admin"));

        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/clients/{clientId}")).StatusCode);

        Assert.Equal(0, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM revocations WHERE subject = $1", clientId));
    }
}
