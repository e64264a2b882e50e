using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// Registering webhook endpoints (identity as in production: loopback refused). A public test address (TEST-NET-3) is
/// registered without being called; the address guard refuses every address inside a network or the machine.
/// </summary>
public sealed class WebhookRegistrationTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private const string PublicUrl = "https://203.0.113.10/sqmy/hooks";

    private Task<long> CountAsync(string sql, params object[] parameters) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, parameters);

    [Fact]
    public async Task A_tenant_admin_registers_an_endpoint_and_sees_its_secret_once()
    {
        var admin = await Webhooks.AdminAsync(factory);

        var created = await Webhooks.RegisterAsync(admin, PublicUrl, ["SubmissionSubmitted", "SubmissionAdopted", "SubmissionAdopted"]);

        Assert.StartsWith("whsec_", created.Secret);
        Assert.Equal(32, Convert.FromBase64String(created.Secret["whsec_".Length..]).Length);
        var endpoint = created.Body.GetProperty("endpoint");
        Assert.Equal(("spb-oa", PublicUrl, true, "enabled"), (endpoint.GetProperty("clientId").GetString(), endpoint.GetProperty("url").GetString(),
            endpoint.GetProperty("enabled").GetBoolean(), endpoint.GetProperty("status").GetString()));
        Assert.Equal(["SubmissionAdopted", "SubmissionSubmitted"], endpoint.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()!));
        var (read, body) = await Webhooks.GetAsync(admin, created.Id);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(created.ETag, read.Headers.ETag!.ToString());
        Assert.False(body.TryGetProperty("secret", out _));
        Assert.DoesNotContain(created.Secret, await read.Content.ReadAsStringAsync());
        // Kept encrypted: the database holds no plain secret.
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM webhook_endpoints WHERE protected_secret LIKE '%' || $1 || '%'", created.Secret["whsec_".Length..]));
        var listed = await admin.GetFromJsonAsync<JsonElement>("/webhooks?clientId=spb-oa");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetGuid() == created.Id);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'webhook-registered' AND resource = $1", $"webhook {created.Id}"));
    }

    [Fact]
    public async Task Changes_need_the_current_etag_and_a_rotated_secret_is_new()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var created = await Webhooks.RegisterAsync(admin, PublicUrl, ["SubmissionSubmitted"]);
        var change = new { url = PublicUrl + "/v2", eventTypes = new[] { "HandlingReplied" }, enabled = false };

        await (await admin.SendAsync(Webhooks.With(HttpMethod.Put, $"/webhooks/{created.Id}", null, change))).ReadProblemAsync(428);
        await (await admin.SendAsync(Webhooks.With(HttpMethod.Put, $"/webhooks/{created.Id}", "\"1\"", change))).ReadProblemAsync(412);
        var changed = await admin.SendAsync(Webhooks.With(HttpMethod.Put, $"/webhooks/{created.Id}", created.ETag, change));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var view = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((PublicUrl + "/v2", false, "disabled"), (view.GetProperty("url").GetString(), view.GetProperty("enabled").GetBoolean(), view.GetProperty("status").GetString()));
        var etag = changed.Headers.ETag!.ToString();
        Assert.NotEqual(created.ETag, etag);

        await (await admin.SendAsync(Webhooks.With(HttpMethod.Post, $"/webhooks/{created.Id}/secret", created.ETag))).ReadProblemAsync(412);
        var rotated = await admin.SendAsync(Webhooks.With(HttpMethod.Post, $"/webhooks/{created.Id}/secret", etag));
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var secret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.NotEqual(created.Secret, secret);

        await (await admin.SendAsync(Webhooks.With(HttpMethod.Delete, $"/webhooks/{created.Id}", etag))).ReadProblemAsync(412);
        var deleted = await admin.SendAsync(Webhooks.With(HttpMethod.Delete, $"/webhooks/{created.Id}", rotated.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Webhooks.GetAsync(admin, created.Id)).Response.StatusCode);
    }

    public static TheoryData<string, string> BadRegistrations() => new()
    {
        { """{"url":"https://203.0.113.10/h","eventTypes":["SubmissionSubmitted"],"enabled":true}""", "clientId" },
        { """{"clientId":"spb-nobody","url":"https://203.0.113.10/h","eventTypes":["SubmissionSubmitted"],"enabled":true}""", "clientId" },
        // A department's client (spb-mzj) subscribes to the handling events only.
        { """{"clientId":"spb-mzj","url":"https://203.0.113.10/h","eventTypes":["SubmissionSubmitted"],"enabled":true}""", "eventTypes" },
        { """{"clientId":"spb-oa","url":"https://203.0.113.10/h","eventTypes":[],"enabled":true}""", "eventTypes" },
        { """{"clientId":"spb-oa","url":"https://203.0.113.10/h","enabled":true}""", "eventTypes" },
        { """{"clientId":"spb-oa","url":"https://203.0.113.10/h","eventTypes":["TenantRegistered"],"enabled":true}""", "eventTypes" },
        { """{"clientId":"spb-oa","url":"https://203.0.113.10/h","eventTypes":["AttendanceRecorded"],"enabled":true}""", "eventTypes" },
        { """{"clientId":"spb-oa","url":"ftp://203.0.113.10/h","eventTypes":["SubmissionSubmitted"],"enabled":true}""", "url" },
        { """{"clientId":"spb-oa","url":"/relative/hook","eventTypes":["SubmissionSubmitted"],"enabled":true}""", "url" },
        { """{"clientId":"spb-oa","url":"https://user:pw@203.0.113.10/h","eventTypes":["SubmissionSubmitted"],"enabled":true}""", "url" },
        { """{"clientId":"spb-oa","eventTypes":["SubmissionSubmitted"],"enabled":true}""", "url" },
        { """{"clientId":"spb-oa","url":"https://203.0.113.10/h","eventTypes":["SubmissionSubmitted"],"enabled":null}""", "enabled" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task A_bad_registration_is_a_400_naming_the_field_and_registers_nothing(string json, string field)
    {
        var admin = await Webhooks.AdminAsync(factory);
        var before = await CountAsync("SELECT count(*) FROM webhook_endpoints");

        var response = await admin.PostAsync("/webhooks", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM webhook_endpoints"));
    }

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://127.8.9.10:8080/hook")]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("http://172.20.1.1/hook")]
    [InlineData("http://192.168.1.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://localhost:5000/hook")]
    [InlineData("http://no-such-host.invalid/hook")]
    public async Task An_address_inside_a_network_or_this_machine_is_refused_and_registers_nothing(string url)
    {
        var admin = await Webhooks.AdminAsync(factory);
        var before = await CountAsync("SELECT count(*) FROM webhook_endpoints");

        var response = await Webhooks.PostAsync(admin, new { clientId = "spb-oa", url, eventTypes = new[] { "SubmissionSubmitted" }, enabled = true });

        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _), problem.ToString());
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM webhook_endpoints"));
    }

    [Fact]
    public async Task A_change_to_a_refused_address_is_a_400_and_changes_nothing()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var created = await Webhooks.RegisterAsync(admin, PublicUrl, ["SubmissionSubmitted"]);

        var response = await admin.SendAsync(Webhooks.With(HttpMethod.Put, $"/webhooks/{created.Id}", created.ETag,
            new { url = "http://169.254.169.254/", eventTypes = new[] { "SubmissionSubmitted" }, enabled = true }));

        await response.ReadProblemAsync(400);
        var (read, body) = await Webhooks.GetAsync(admin, created.Id);
        Assert.Equal((PublicUrl, created.ETag), (body.GetProperty("url").GetString(), read.Headers.ETag!.ToString()));
    }

    [Fact]
    public async Task Another_tenants_admin_can_neither_see_nor_change_nor_use_an_endpoint()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var created = await Webhooks.RegisterAsync(admin, PublicUrl, ["SubmissionSubmitted"]);
        var other = await Webhooks.AdminAsync(factory, "mj-admin");
        var change = new { url = PublicUrl + "/theirs", eventTypes = new[] { "SubmissionSubmitted" }, enabled = false };

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/webhooks/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(Webhooks.With(HttpMethod.Put, $"/webhooks/{created.Id}", created.ETag, change))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(Webhooks.With(HttpMethod.Post, $"/webhooks/{created.Id}/secret", created.ETag))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/webhooks/{created.Id}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/webhooks/{created.Id}/deliveries/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/webhooks/{created.Id}/deliveries/{Guid.NewGuid()}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(Webhooks.With(HttpMethod.Delete, $"/webhooks/{created.Id}", created.ETag))).StatusCode);
        Assert.DoesNotContain((await other.GetFromJsonAsync<JsonElement>("/webhooks?pageSize=200")).GetProperty("items").EnumerateArray(),
            e => e.GetProperty("id").GetGuid() == created.Id);
        // Nor register one for this tenant's client.
        var problem = await (await Webhooks.PostAsync(other, new { clientId = "spb-oa", url = PublicUrl, eventTypes = new[] { "SubmissionSubmitted" }, enabled = true }))
            .ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("clientId", out _));

        var (read, body) = await Webhooks.GetAsync(admin, created.Id);
        Assert.Equal((PublicUrl, true, created.ETag), (body.GetProperty("url").GetString(), body.GetProperty("enabled").GetBoolean(), read.Headers.ETag!.ToString()));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM webhook_endpoints WHERE tenant_id = 'mj-cq' AND client_id = 'spb-oa'"));
    }

    [Theory]
    [InlineData("zhangming")]
    [InlineData("wangfang")]
    [InlineData("partner")]
    public async Task Only_tenant_admins_manage_webhooks(string who)
    {
        var token = who == "partner" ? await Tokens.PartnerAccessTokenAsync(factory.CreateClient()) : await Tokens.AccessTokenForAsync(factory.CreateClient(), who);
        var client = factory.CreateClient().WithBearer(token);
        var before = await CountAsync("SELECT count(*) FROM webhook_endpoints");

        var response = await Webhooks.PostAsync(client, new { clientId = "spb-oa", url = PublicUrl, eventTypes = new[] { "SubmissionSubmitted" }, enabled = true });

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"{who}: {(int)response.StatusCode}");
        Assert.True((await client.GetAsync("/webhooks")).StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM webhook_endpoints"));
    }

    [Fact]
    public async Task Revoking_a_client_removes_its_endpoints()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var clientId = await Webhooks.NewClientAsync(admin, "intake.read");
        var created = await Webhooks.RegisterAsync(admin, PublicUrl, ["SubmissionSubmitted"], clientId);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/clients/{clientId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await Webhooks.GetAsync(admin, created.Id)).Response.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM webhook_endpoints WHERE client_id = $1", clientId));
    }

    [Fact]
    public async Task The_catalogue_lists_each_event_type_with_its_scope()
    {
        var types = await (await Webhooks.AdminAsync(factory)).GetFromJsonAsync<JsonElement>("/webhooks/event-types");

        var byType = types.EnumerateArray().ToDictionary(t => t.GetProperty("type").GetString()!, t => t.GetProperty("scope").GetString()!);
        Assert.Equal("intake.read", byType["SubmissionSubmitted"]);
        Assert.Equal("review.read", byType["HandlingReplied"]);
        Assert.Equal("training.read", byType["AttendanceRecorded"]);
        Assert.Equal(("scoring.read", "scoring.read"), (byType["PointsCredited"], byType["PointsRecomputed"]));
        Assert.False(byType.ContainsKey("TenantRegistered"));
    }

    [Fact]
    public async Task A_client_has_at_most_ten_endpoints()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var clientId = await Webhooks.NewClientAsync(admin, "intake.read");
        for (var i = 0; i < 10; i++) await Webhooks.RegisterAsync(admin, $"{PublicUrl}/{i}", ["SubmissionSubmitted"], clientId);

        var problem = await (await Webhooks.PostAsync(admin, new { clientId, url = PublicUrl, eventTypes = new[] { "SubmissionSubmitted" }, enabled = true }))
            .ReadProblemAsync(409);

        Assert.Equal("webhook-limit", problem.GetProperty("code").GetString());
        Assert.Equal(10, await CountAsync("SELECT count(*) FROM webhook_endpoints WHERE client_id = $1", clientId));
    }

    [Fact]
    public async Task A_pending_delivery_is_not_replayed_and_a_bad_status_filter_is_a_400()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var created = await Webhooks.RegisterAsync(admin, PublicUrl, ["SubmissionWithdrawn"]);
        var feeder = new StreamFeeder(factory.RedisPrefix);
        var fed = await feeder.PublishAsync("spb-zx", new IntegrationEvents.SubmissionWithdrawn(Guid.NewGuid(), [], null, DateTimeOffset.UtcNow, 2));
        await feeder.WaitConsumedAsync(fed, "identity");
        // The test address is never reached: the delivery waits for a retry (5 s first).
        var delivery = await TestDb.ScalarAsync<Guid>(factory.ConnectionString, "SELECT id FROM webhook_deliveries WHERE endpoint_id = $1", created.Id);

        var problem = await (await admin.PostAsync($"/webhooks/{created.Id}/deliveries/{delivery}/replay", null)).ReadProblemAsync(409);

        Assert.Equal("delivery-pending", problem.GetProperty("code").GetString());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'webhook-delivery-replayed' AND outcome LIKE '%' || $1 || '%'", delivery.ToString("N")));
        await (await admin.GetAsync($"/webhooks/{created.Id}/deliveries?status=nope")).ReadProblemAsync(400);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/webhooks/{created.Id}/deliveries/{Guid.NewGuid()}/replay", null)).StatusCode);
    }
}
