using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SheqingMinyi.Identity.Webhooks;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// The platform's own addresses (Webhooks:DeniedHosts, as the AppHost passes them) refused even where loopback receivers
/// are allowed, the per-tenant cap on endpoints, and the test event sent through the normal sender.
/// </summary>
public sealed class WebhookPlatformLimitTests(WebhookPlatformLimitTests.Factory factory) : IClassFixture<WebhookPlatformLimitTests.Factory>, IAsyncLifetime
{
    public const int PlatformPort = 59_871, TenantCap = 3;

    public sealed class Factory : IdentityFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings)
        {
            ["Webhooks:AllowLoopback"] = "true",
            ["Webhooks:PollInterval"] = "00:00:00.100",
            ["Webhooks:RetrySchedule:0"] = "00:00:00.300",
            ["Webhooks:DeniedHosts:0"] = "gateway.sqmy.example",
            ["Webhooks:DeniedHosts:1"] = $"localhost:{PlatformPort}",
            ["Webhooks:DeniedHosts:2"] = "redis.internal.example:6379",
            ["Webhooks:MaxEndpointsPerTenant"] = TenantCap.ToString(),
        };
    }

    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private Task<long> CountAsync(string sql, params object[] parameters) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, parameters);

    [Fact]
    public void The_denied_hosts_bind_from_configuration_with_and_without_ports()
    {
        var options = factory.Services.GetRequiredService<IOptions<WebhookOptions>>().Value;
        Assert.Equal(["gateway.sqmy.example", $"localhost:{PlatformPort}", "redis.internal.example:6379"], options.DeniedHosts);
        Assert.Equal(TenantCap, options.MaxEndpointsPerTenant);
        var denied = factory.Services.GetRequiredService<WebhookAddressGuard>().Denied;
        Assert.Equal([("gateway.sqmy.example", (int?)null, false), ("localhost", PlatformPort, true), ("redis.internal.example", 6379, false)],
            denied.Select(d => (d.Host, d.Port, d.IsLoopback)));
        Assert.Equal(("::1", (int?)8080, true), WebhookAddressGuard.DeniedAddress.Parse("[::1]:8080") is { } v6 ? (v6.Host, v6.Port, v6.IsLoopback) : default);
        Assert.Null(WebhookAddressGuard.DeniedAddress.Parse("  "));
    }

    [Theory]
    [InlineData("https://gateway.sqmy.example/hooks")]
    [InlineData("http://GATEWAY.sqmy.example:8443/hooks")]
    [InlineData("http://127.0.0.1:59871/hooks")]
    [InlineData("http://localhost:59871/hooks")]
    [InlineData("http://127.0.0.2:59871/hooks")]
    [InlineData("http://redis.internal.example:6379/")]
    public async Task A_platform_address_is_refused_where_loopback_receivers_are_allowed(string url)
    {
        var admin = await Webhooks.AdminAsync(factory);
        var before = await CountAsync("SELECT count(*) FROM webhook_endpoints");
        var problem = await (await Webhooks.PostAsync(admin, new { clientId = Tokens.PartnerClient, url, eventTypes = new[] { "SubmissionSubmitted" }, enabled = true }))
            .ReadProblemAsync(400);
        var reason = problem.GetProperty("errors").GetProperty("url")[0].GetString();
        Assert.Contains("平台自身", reason); // by name and port before any DNS lookup, or by the loopback port
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM webhook_endpoints"));
        // The sender's check at connection refuses it too.
        var uri = new Uri(url);
        await Assert.ThrowsAsync<WebhookAddressRefusedException>(() =>
            factory.Services.GetRequiredService<WebhookAddressGuard>().ResolveAsync(uri.IdnHost, uri.Port, CancellationToken.None));
    }

    [Fact]
    public async Task A_tenant_registers_at_most_its_cap_of_endpoints_and_a_test_event_goes_through_the_sender()
    {
        // mj-cq: this class's only tenant with endpoints near the cap (the other tests register none).
        var admin = await Webhooks.AdminAsync(factory, "mj-admin");
        var clients = new[] { await Webhooks.NewClientAsync(admin, "intake.read"), await Webhooks.NewClientAsync(admin, "intake.read") };
        var path = _receiver.NewPath();
        var first = await Webhooks.RegisterAsync(admin, _receiver.BaseUrl + path, ["SubmissionSubmitted"], clients[0]); // the loopback receiver: allowed
        _receiver.Secret(path, first.Secret);
        for (var i = 1; i < TenantCap; i++)
            await Webhooks.RegisterAsync(admin, _receiver.BaseUrl + _receiver.NewPath(), ["SubmissionSubmitted"], clients[i % 2]);

        var response = await Webhooks.PostAsync(admin, new { clientId = clients[1], url = _receiver.BaseUrl + _receiver.NewPath(),
            eventTypes = new[] { "SubmissionSubmitted" }, enabled = true });
        var problem = await response.ReadProblemAsync(409);
        Assert.Equal("webhook-tenant-limit", problem.GetProperty("code").GetString());
        Assert.Contains($"本单位最多可登记 {TenantCap} 个推送地址", problem.GetProperty("detail").GetString());
        Assert.Equal(TenantCap, await CountAsync("SELECT count(*) FROM webhook_endpoints WHERE tenant_id = 'mj-cq'"));
        // Another tenant is not counted against it.
        var other = await Webhooks.AdminAsync(factory);
        await Webhooks.RegisterAsync(other, _receiver.BaseUrl + _receiver.NewPath(), ["SubmissionSubmitted"]);

        // 发送测试推送: a signed webhook.test delivery in the endpoint's log; the same Idempotency-Key sends it once.
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Test() => new(HttpMethod.Post, $"/webhooks/{first.Id}/test") { Headers = { { "Idempotency-Key", key } } };
        var sent = await admin.SendAsync(Test());
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var delivery = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("webhook.test", delivery.GetProperty("eventType").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await admin.SendAsync(Test())).StatusCode);
        var received = await Eventually.GetAsync(() => Task.FromResult(_receiver.At(path)), r => r.Count >= 1, what: "the test event");
        await Task.Delay(800);
        var request = Assert.Single(_receiver.At(path));
        Assert.True(request.SignatureValid);
        Assert.Equal(delivery.GetProperty("webhookId").GetString(), request.Id);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(("webhook.test", first.Id), (body.GetProperty("type").GetString(), body.GetProperty("data").GetProperty("endpointId").GetGuid()));
        var log = await Eventually.GetAsync(() => admin.GetFromJsonAsync<JsonElement>($"/webhooks/{first.Id}/deliveries"),
            p => p.GetProperty("items")[0].GetProperty("status").GetString() == "succeeded", what: "the test delivery logged as succeeded");
        Assert.Equal(1, log.GetProperty("total").GetInt32());

        // Another tenant's endpoint: 404, nothing sent; a switched-off endpoint: 409.
        await (await other.PostAsync($"/webhooks/{first.Id}/test", null)).ReadProblemAsync(404);
        var (read, _) = await Webhooks.GetAsync(admin, first.Id);
        var off = await admin.SendAsync(Webhooks.With(HttpMethod.Put, $"/webhooks/{first.Id}", read.Headers.ETag!.ToString(),
            new { url = _receiver.BaseUrl + path, eventTypes = new[] { "SubmissionSubmitted" }, enabled = false }));
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Equal("webhook-disabled", (await (await admin.PostAsync($"/webhooks/{first.Id}/test", null)).ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", first.Id));
    }
}
