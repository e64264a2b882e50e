using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// 推送地址通知: when a delivery's retries run out and identity switches the endpoint off, the tenant's admins get exactly
/// one notice beside the endpoints (written with the switch-off), however many deliveries fail; another tenant's admin
/// never sees or marks it.
/// </summary>
public sealed class WebhookNoticeTests(WebhookFactory factory) : IClassFixture<WebhookFactory>, IAsyncLifetime
{
    private const string ConsumerGroup = "identity";
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private Task<long> CountAsync(string sql, params object[] parameters) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, parameters);

    private static SubmissionAdopted Adopted() =>
        new(Guid.NewGuid(), Guid.NewGuid(), AdoptionLevel.OwnBody, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow, 1);

    [Fact]
    public async Task Retries_running_out_switch_the_endpoint_off_with_exactly_one_notice_for_the_tenants_admins()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var path = _receiver.NewPath();
        var webhook = await Webhooks.RegisterAsync(admin, _receiver.BaseUrl + path, ["SubmissionAdopted"]);
        _receiver.Secret(path, webhook.Secret);
        _receiver.Answer(path, [.. Enumerable.Repeat(500, 30)]);

        // Two events, both failing for their whole window: the endpoint is switched off once, and told once.
        foreach (var adopted in new[] { Adopted(), Adopted() })
            await _feeder.WaitConsumedAsync(await _feeder.PublishAsync("spb-zx", adopted), ConsumerGroup);
        await Eventually.GetAsync(() => CountAsync("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'Failed'", webhook.Id),
            n => n >= 1, TimeSpan.FromSeconds(30), "a failed delivery");
        await Task.Delay(2000); // the other delivery's attempts would have ended by now

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM webhook_notices WHERE endpoint_id = $1", webhook.Id));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM outbox_messages WHERE type = 'WebhookEndpointDisabled' AND payload->>'endpointId' = $1",
            webhook.Id.ToString()));
        var page = await admin.GetFromJsonAsync<JsonElement>($"/webhooks/notices?endpointId={webhook.Id}");
        var notice = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(("endpoint-disabled", "推送地址已停用", false), (notice.GetProperty("kind").GetString(), notice.GetProperty("title").GetString(),
            notice.GetProperty("read").GetBoolean()));
        Assert.Contains(_receiver.BaseUrl + path, notice.GetProperty("text").GetString());
        Assert.Contains("重试期内全部失败", notice.GetProperty("text").GetString());
        Assert.Equal(webhook.Id, notice.GetProperty("endpointId").GetGuid());
        Assert.True(page.GetProperty("unread").GetInt32() >= 1);

        // Another tenant's admin sees none of it and cannot mark it.
        var otherAdmin = await Webhooks.AdminAsync(factory, "mj-admin");
        Assert.Equal(0, (await otherAdmin.GetFromJsonAsync<JsonElement>($"/webhooks/notices?endpointId={webhook.Id}")).GetProperty("total").GetInt32());
        var id = notice.GetProperty("id").GetGuid();
        await (await otherAdmin.PostAsync($"/webhooks/notices/{id}/read", null)).ReadProblemAsync(404);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM webhook_notices WHERE id = $1 AND read_at IS NOT NULL", id));

        // Marked read by the admin, once: a second mark keeps the first time.
        var read = await (await admin.PostAsync($"/webhooks/notices/{id}/read", null)).Content.ReadFromJsonAsync<JsonElement>();
        var again = await (await admin.PostAsync($"/webhooks/notices/{id}/read", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(read.GetProperty("read").GetBoolean());
        Assert.Equal(read.GetProperty("readAt").GetDateTimeOffset(), again.GetProperty("readAt").GetDateTimeOffset());
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/webhooks/notices?endpointId={webhook.Id}&unread=true")).GetProperty("total").GetInt32());
    }
}
