using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>Outgoing messages: with the tenant's channel set to SMS, every inbox row also waits as a pending SMS, which the
/// tenant's admin inspects; inbox-only (the default) sends nothing else.</summary>
public sealed class FeedbackChannelTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    private HttpClient Admin(string tenant) => factory.ClientFor(tenant, [PlatformRoles.TenantAdmin], Guid.NewGuid());

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, object body, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/feedback/settings") { Content = JsonContent.Create(body) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    private async Task SetChannelAsync(string tenant, string channel)
    {
        var admin = Admin(tenant);
        var etag = (await admin.GetAsync("/feedback/settings")).Headers.ETag!.ToString();
        var response = await PutAsync(admin, new { defaultChannel = channel }, etag);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> OutgoingAsync(string tenant, string query = "") =>
        await (await Admin(tenant).GetAsync($"/feedback/outgoing?{query}")).Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task With_sms_each_co_author_gets_a_pending_sms_per_step_and_inbox_only_gets_none()
    {
        var (smsTenant, quiet) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        await SetChannelAsync(smsTenant, "sms");
        var (liu, chen) = (Guid.NewGuid(), Guid.NewGuid());
        var submitted = ReviewKit.NewSubmission() with { AuthorPersonId = liu, Authors = [new(liu, 1, 0.5m), new(chen, 2, 0.5m)] };
        await _kit.AdoptedAsync(smsTenant, submitted);
        await _kit.AdoptedAsync(quiet, ReviewKit.NewSubmission() with { AuthorPersonId = liu, Authors = [new(liu, 1, 1m)] });

        var outgoing = await OutgoingAsync(smsTenant, "status=pending&channel=sms");
        Assert.Equal(6, outgoing.GetProperty("total").GetInt32()); // 2 authors × (2 stages passed + adopted)
        var items = outgoing.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, m => Assert.Equal(("sms", "pending"), (m.GetProperty("channel").GetString(), m.GetProperty("status").GetString())));
        Assert.All(items, m => Assert.StartsWith("【社情民意】", m.GetProperty("text").GetString()));
        Assert.All(items, m => Assert.False(m.TryGetProperty("sentAt", out var sent) && sent.ValueKind != JsonValueKind.Null)); // nothing pretends to send
        Assert.Equal(3, (await OutgoingAsync(smsTenant, $"personId={chen}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await OutgoingAsync(quiet)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Settings_need_if_match_a_known_channel_and_the_tenant_admin()
    {
        var tenant = ReviewKit.NewTenant();
        var admin = Admin(tenant);
        var get = await admin.GetAsync("/feedback/settings");
        Assert.Equal("\"0\"", get.Headers.ETag!.ToString());
        Assert.Equal("inbox-only", (await get.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("defaultChannel").GetString());

        await (await PutAsync(admin, new { defaultChannel = "sms" }, null)).ReadProblemAsync(428);
        var bad = await (await PutAsync(admin, new { defaultChannel = "carrier-pigeon" }, "\"0\"")).ReadProblemAsync(400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("defaultChannel", out _));
        await (await PutAsync(admin, new { defaultChannel = "sms" }, "\"12345\"")).ReadProblemAsync(412);
        var member = factory.ClientFor(tenant, [PlatformRoles.Member], Guid.NewGuid());
        await (await PutAsync(member, new { defaultChannel = "sms" }, "\"0\"")).ReadProblemAsync(403);
        await (await member.GetAsync("/feedback/outgoing")).ReadProblemAsync(403);
        await (await factory.ClientFor(tenant, [PlatformRoles.StaffEditor], Guid.NewGuid()).GetAsync("/feedback/outgoing")).ReadProblemAsync(403);
        await (await admin.GetAsync("/feedback/outgoing?status=lost")).ReadProblemAsync(400);

        var set = await PutAsync(admin, new { defaultChannel = "sms" }, "\"0\"");
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.NotEqual("\"0\"", set.Headers.ETag!.ToString());
        await (await PutAsync(admin, new { defaultChannel = "inbox-only" }, "\"0\"")).ReadProblemAsync(412); // the old tag is stale now
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM feedback_settings WHERE tenant_id = $1", tenant));
    }
}
