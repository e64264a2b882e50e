using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Webhooks;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// Delivery end to end inside identity: events fed through real Redis streams, fanned out by identity's consumer,
/// sent by its sender to a real receiver on 127.0.0.1 that checks every signature by the specification's algorithm.
/// Each test has a receiver path (and so an endpoint) of its own.
/// </summary>
public sealed class WebhookDeliveryTests(WebhookFactory factory) : IClassFixture<WebhookFactory>, IAsyncLifetime
{
    private const string ConsumerGroup = "identity";
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private Task<long> CountAsync(string sql, params object[] parameters) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, parameters);

    /// <summary>An endpoint of <paramref name="admin"/>'s client at a new receiver path, its secret given to the receiver.</summary>
    private async Task<(RegisteredWebhook Webhook, string Path)> EndpointAsync(HttpClient admin, string[] types, string clientId = Tokens.PartnerClient)
    {
        var path = _receiver.NewPath();
        var webhook = await Webhooks.RegisterAsync(admin, _receiver.BaseUrl + path, types, clientId);
        _receiver.Secret(path, webhook.Secret);
        return (webhook, path);
    }

    private async Task<FedEvent> FeedAsync<TEvent>(string tenant, TEvent payload, Guid? eventId = null) where TEvent : notnull
    {
        var fed = await _feeder.PublishAsync(tenant, payload, eventId);
        await _feeder.WaitConsumedAsync(fed, ConsumerGroup);
        return fed;
    }

    private static SubmissionSubmitted Submitted(Guid? id = null, IReadOnlyList<Guid>? restrictedTo = null, SubmissionOrigin? origin = null) =>
        new(id ?? Guid.NewGuid(), "关于加强社区养老服务的建议", Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow, RestrictedTo: restrictedTo, Origin: origin);

    private async Task<JsonElement> DeliveryAsync(HttpClient admin, Guid webhook, Func<JsonElement, bool> done, string what) =>
        await Eventually.GetAsync(async () =>
        {
            var page = await admin.GetFromJsonAsync<JsonElement>($"/webhooks/{webhook}/deliveries");
            return page.GetProperty("items").EnumerateArray().FirstOrDefault();
        }, d => d.ValueKind == JsonValueKind.Object && done(d), TimeSpan.FromSeconds(30), what);

    [Fact]
    public async Task An_event_reaches_its_tenants_endpoint_once_signed_with_that_tenants_data_only()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (mine, path) = await EndpointAsync(admin, ["SubmissionSubmitted"]);
        var otherAdmin = await Webhooks.AdminAsync(factory, "mj-admin");
        var (_, otherPath) = await EndpointAsync(otherAdmin, ["SubmissionSubmitted"], await Webhooks.NewClientAsync(otherAdmin, "intake.read"));
        var submission = Guid.NewGuid();

        var fed = await FeedAsync("spb-zx", Submitted(submission, origin: new SubmissionOrigin("mj-cq", Guid.NewGuid())));
        await FeedAsync("spb-zx", new SubmissionWithdrawn(submission, [], null, DateTimeOffset.UtcNow, 2)); // not subscribed
        await FeedAsync("spb-zx", Submitted(restrictedTo: [Guid.NewGuid()])); // 主席直通车: never sent
        var replayed = await _feeder.RedeliverAsync(fed); // the same event again: the inbox drops it
        await _feeder.WaitConsumedAsync(replayed, ConsumerGroup);
        var received = await Eventually.GetAsync(() => Task.FromResult(_receiver.At(path)), r => r.Count >= 1, what: "the webhook");
        await Task.Delay(1000); // anything more would have come by now

        var request = Assert.Single(_receiver.At(path));
        Assert.True(request.SignatureValid, "signature by the reference algorithm");
        Assert.StartsWith("msg_", request.Id);
        Assert.InRange(request.Timestamp, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("SubmissionSubmitted", body.GetProperty("type").GetString());
        Assert.True(body.TryGetProperty("timestamp", out _));
        Assert.Equal(submission, body.GetProperty("data").GetProperty("submissionId").GetGuid());
        Assert.False(body.GetProperty("data").TryGetProperty("origin", out var origin) && origin.ValueKind != JsonValueKind.Null, "another tenant's origin left out");
        Assert.DoesNotContain("mj-cq", request.Body);
        Assert.Empty(_receiver.At(otherPath)); // the other tenant's endpoint gets nothing of spb-zx
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", mine.Id));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE event_id = $1 AND endpoint_id = $2", fed.Id, mine.Id));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE event_id = $1 AND tenant_id <> 'spb-zx'", fed.Id));
        var delivery = await DeliveryAsync(admin, mine.Id, d => d.GetProperty("status").GetString() == "succeeded", "succeeded");
        Assert.Equal((request.Id, 1, 204), (delivery.GetProperty("webhookId").GetString(), delivery.GetProperty("attempts").GetInt32(),
            delivery.GetProperty("lastStatusCode").GetInt32()));
        var succeeded = await admin.GetFromJsonAsync<JsonElement>($"/webhooks/{mine.Id}/deliveries?status=succeeded");
        Assert.Equal(1, succeeded.GetProperty("total").GetInt32());
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/webhooks/{mine.Id}/deliveries?status=failed")).GetProperty("total").GetInt32());
        var bad = await (await admin.GetAsync($"/webhooks/{mine.Id}/deliveries?status=Succeeded")).ReadProblemAsync(400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Events_of_one_item_arriving_out_of_order_are_each_delivered_once()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (webhook, path) = await EndpointAsync(admin, ["SubmissionSubmitted", "SubmissionAdopted"]);
        var submission = Guid.NewGuid();

        // The adoption overtakes the submission (separate streams); then the submission is delivered by the transport twice.
        await FeedAsync("spb-zx", new SubmissionAdopted(submission, Guid.NewGuid(), AdoptionLevel.OwnBody, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow, 3));
        var submitted = await FeedAsync("spb-zx", Submitted(submission));
        await _feeder.WaitConsumedAsync(await _feeder.RedeliverAsync(submitted), ConsumerGroup);
        await Eventually.GetAsync(() => Task.FromResult(_receiver.Handled(path)), r => r.Count >= 2, what: "both events");
        await Task.Delay(1000);

        var types = _receiver.At(path).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()).Order().ToList();
        Assert.Equal(["SubmissionAdopted", "SubmissionSubmitted"], types);
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", webhook.Id));
    }

    [Fact]
    public async Task No_event_of_a_chair_direct_item_leaves_the_platform()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (webhook, path) = await EndpointAsync(admin, ["SubmissionWithdrawn", "SubmissionAdopted", "SubmissionReturned", "SubmissionRejected",
            "LeaderInstructionRecorded", "HandlingAssigned", "HandlingStatusChanged", "HandlingReplied", "HandlingRated"]);
        var (item, caseId, handling) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var authors = new[] { new AuthorShare(Guid.NewGuid(), 1, 1m) };
        var lead = new DepartmentRef(Guid.NewGuid(), "区民政局");
        var now = DateTimeOffset.UtcNow;
        var deadline = DateOnly.FromDateTime(now.UtcDateTime).AddDays(30);

        // Every event of a 主席直通车 item (Restricted, as intake and review raise them) is consumed and sent nowhere.
        await FeedAsync("spb-zx", new SubmissionWithdrawn(item, [], null, now, 2, Restricted: true));
        await FeedAsync("spb-zx", new SubmissionAdopted(item, caseId, AdoptionLevel.OwnBody, Guid.NewGuid(), Guid.NewGuid(), now, 3, Restricted: true));
        await FeedAsync("spb-zx", new SubmissionReturned(item, caseId, "请补充", now, 4, Restricted: true));
        await FeedAsync("spb-zx", new SubmissionRejected(item, caseId, "不予采用", now, 5, Restricted: true));
        await FeedAsync("spb-zx", new LeaderInstructionRecorded(Guid.NewGuid(), item, caseId, InstructionLevel.Municipal, "副市长", "肯定性",
            DateOnly.FromDateTime(now.UtcDateTime), "请研究", authors, [], now, Restricted: true));
        await FeedAsync("spb-zx", new HandlingAssigned(handling, item, caseId, "题目", null, lead, [], deadline, null, authors, now, Restricted: true));
        await FeedAsync("spb-zx", new HandlingStatusChanged(handling, item, "accepted", HandlingStatus.Accepted, 1, lead, deadline, null, authors, now, 2,
            Restricted: true));
        await FeedAsync("spb-zx", new HandlingReplied(handling, item, 1, ReplyCategory.A, "已解决", [], lead, deadline, true, authors, now, Restricted: true));
        await FeedAsync("spb-zx", new HandlingRated(handling, item, 1, HandlingRating.Satisfied, null, authors[0].PersonId, false, true, authors, now,
            Restricted: true));
        // The same adoption unrestricted is sent: the endpoint and its subscription work.
        await FeedAsync("spb-zx", new SubmissionAdopted(item, caseId, AdoptionLevel.ParentBody, Guid.NewGuid(), Guid.NewGuid(), now, 6));
        await Eventually.GetAsync(() => Task.FromResult(_receiver.At(path)), r => r.Count >= 1, what: "the unrestricted adoption");
        await Task.Delay(1000);

        var request = Assert.Single(_receiver.At(path));
        Assert.Equal("parent-body", JsonDocument.Parse(request.Body).RootElement.GetProperty("data").GetProperty("level").GetString());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", webhook.Id));
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_until_it_answers_2xx()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (webhook, path) = await EndpointAsync(admin, ["HandlingRated"]);
        _receiver.Answer(path, 500, 503);

        await FeedAsync("spb-zx", new HandlingRated(Guid.NewGuid(), Guid.NewGuid(), 1, HandlingRating.Satisfied, "满意", Guid.NewGuid(), false, true, [],
            DateTimeOffset.UtcNow));
        var delivery = await DeliveryAsync(admin, webhook.Id, d => d.GetProperty("status").GetString() == "succeeded", "succeeded after retries");

        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/webhooks/{webhook.Id}/deliveries/{delivery.GetProperty("id").GetGuid()}");
        Assert.Equal([204, 503, 500], detail.GetProperty("attemptLog").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        var requests = _receiver.At(path);
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(r => r.Id).Distinct()); // one webhook-id for every attempt
        Assert.All(requests, r => Assert.True(r.SignatureValid));
        Assert.Single(_receiver.Handled(path));
        // Backoff: the retries waited at least the schedule's delays.
        var times = detail.GetProperty("attemptLog").EnumerateArray().Select(a => a.GetProperty("attemptedAt").GetDateTimeOffset()).Reverse().ToList();
        Assert.True(times[1] - times[0] >= WebhookFactory.Schedule[0], $"{times[1] - times[0]}");
        Assert.True(times[2] - times[1] >= WebhookFactory.Schedule[1], $"{times[2] - times[1]}");
    }

    [Fact]
    public async Task After_the_retry_window_the_endpoint_is_switched_off_with_a_notice()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (webhook, path) = await EndpointAsync(admin, ["SubmissionAdopted"]);
        _receiver.Answer(path, 500, 500, 500, 500);

        await FeedAsync("spb-zx", new SubmissionAdopted(Guid.NewGuid(), Guid.NewGuid(), AdoptionLevel.OwnBody, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow, 1));
        var delivery = await DeliveryAsync(admin, webhook.Id, d => d.GetProperty("status").GetString() == "failed", "failed");

        Assert.Equal((3, 500), (delivery.GetProperty("attempts").GetInt32(), delivery.GetProperty("lastStatusCode").GetInt32()));
        var (read, endpoint) = await Webhooks.GetAsync(admin, webhook.Id);
        Assert.Equal(("disabled-after-failures", false), (endpoint.GetProperty("status").GetString(), endpoint.GetProperty("enabled").GetBoolean()));
        Assert.Contains("已停用", endpoint.GetProperty("disabledReason").GetString());
        var notices = await TestDb.OutboxAsync(factory.ConnectionString, "type = 'WebhookEndpointDisabled' AND payload->>'endpointId' = $1", webhook.Id.ToString());
        Assert.Equal("spb-zx", Assert.Single(notices).TenantId);

        // Switched off: new events make no deliveries, and a replay is refused.
        await FeedAsync("spb-zx", new SubmissionAdopted(Guid.NewGuid(), Guid.NewGuid(), AdoptionLevel.OwnBody, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow, 1));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", webhook.Id));
        await (await admin.PostAsync($"/webhooks/{webhook.Id}/deliveries/{delivery.GetProperty("id").GetGuid()}/replay", null)).ReadProblemAsync(409);

        // Enabled again by the admin: the reason goes, a replay is delivered.
        var enabled = await admin.SendAsync(Webhooks.With(HttpMethod.Put, $"/webhooks/{webhook.Id}", read.Headers.ETag!.ToString(),
            new { url = _receiver.BaseUrl + path, eventTypes = new[] { "SubmissionAdopted" }, enabled = true }));
        Assert.Equal("enabled", (await enabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/webhooks/{webhook.Id}/deliveries/{delivery.GetProperty("id").GetGuid()}/replay", null)).StatusCode);
        await DeliveryAsync(admin, webhook.Id, d => d.GetProperty("status").GetString() == "succeeded", "replayed after enabling");
        Assert.Single(_receiver.Handled(path));
    }

    [Fact]
    public async Task A_replay_carries_the_same_webhook_id_so_the_receiver_drops_it()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (webhook, path) = await EndpointAsync(admin, ["HandlingAssigned"]);
        await FeedAsync("spb-zx", new HandlingAssigned(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "落实社区养老", null,
            new DepartmentRef(Guid.NewGuid(), "区民政局"), [], DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)), null, [], DateTimeOffset.UtcNow));
        var delivery = await DeliveryAsync(admin, webhook.Id, d => d.GetProperty("status").GetString() == "succeeded", "first delivery");
        var id = delivery.GetProperty("id").GetGuid();

        var replay = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{webhook.Id}/deliveries/{id}/replay");
        replay.Headers.Add("Idempotency-Key", $"replay-{id}");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.SendAsync(replay)).StatusCode);
        var again = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{webhook.Id}/deliveries/{id}/replay");
        again.Headers.Add("Idempotency-Key", $"replay-{id}");
        var repeated = await admin.SendAsync(again); // the same key: the stored answer, no second replay
        Assert.Equal((HttpStatusCode.Accepted, "true"), (repeated.StatusCode, repeated.Headers.TryGetValues("Idempotent-Replayed", out var v) ? v.Single() : null));
        await Eventually.GetAsync(() => Task.FromResult(_receiver.At(path)), r => r.Count >= 2, what: "the replay");
        await DeliveryAsync(admin, webhook.Id, d => d.GetProperty("status").GetString() == "succeeded" && d.GetProperty("attempts").GetInt32() == 2, "replayed");
        await Task.Delay(500);

        var requests = _receiver.At(path);
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Id, requests[1].Id);
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Single(_receiver.Handled(path));
        // Another tenant's admin cannot replay it.
        var other = await Webhooks.AdminAsync(factory, "mj-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/webhooks/{webhook.Id}/deliveries/{id}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/webhooks/{webhook.Id}/deliveries/{id}")).StatusCode);
        Assert.Equal(2, await TestDb.ScalarAsync<int>(factory.ConnectionString, "SELECT attempts FROM webhook_deliveries WHERE id = $1", id));
    }

    [Fact]
    public async Task Senders_running_side_by_side_send_each_delivery_once()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (webhook, path) = await EndpointAsync(admin, ["AttendanceRecorded"], await Webhooks.NewClientAsync(admin, "training.read"));
        const int Events = 40;
        // Deliveries written straight in (as the consumer would), due at once, before any sender looks.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set("spb-zx");
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var endpoint = await db.WebhookEndpoints.SingleAsync(e => e.Id == webhook.Id);
            endpoint.Enabled = false; // held back until every row is in
            await db.SaveChangesAsync();
            for (var i = 0; i < Events; i++)
                db.WebhookDeliveries.Add(Domain.WebhookDelivery.For(endpoint, Guid.NewGuid(), "AttendanceRecorded", $$"""{"type":"AttendanceRecorded","n":{{i}}}""", DateTimeOffset.UtcNow));
            endpoint.Enabled = true;
            await db.SaveChangesAsync();
        }
        var senders = Enumerable.Range(0, 3).Select(_ => ActivatorUtilities.CreateInstance<WebhookSender>(factory.Services)).ToList();

        await Task.WhenAll(senders.Select(async s =>
        {
            for (var pass = 0; pass < 10; pass++) await s.RunPassAsync(CancellationToken.None);
        }));
        await Eventually.GetAsync(() => Task.FromResult(_receiver.At(path)), r => r.Count >= Events, what: "every delivery");
        await Task.Delay(500);

        var requests = _receiver.At(path);
        Assert.Equal(Events, requests.Count);
        Assert.Equal(Events, requests.Select(r => r.Id).Distinct().Count());
        Assert.Equal(Events, await CountAsync("SELECT count(*) FROM webhook_attempts WHERE endpoint_id = $1", webhook.Id));
    }

    [Fact]
    public async Task An_address_that_turns_internal_after_registration_is_refused_at_delivery()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (webhook, path) = await EndpointAsync(admin, ["SubmissionReturned"]);
        // As if its DNS now pointed inside: the row changed behind the API's check.
        await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "WITH u AS (UPDATE webhook_endpoints SET url = 'http://169.254.169.254/latest/meta-data/' WHERE id = $1 RETURNING 1) SELECT count(*) FROM u", webhook.Id);

        await FeedAsync("spb-zx", new SubmissionReturned(Guid.NewGuid(), Guid.NewGuid(), "请补充数据", DateTimeOffset.UtcNow, 1));
        var delivery = await DeliveryAsync(admin, webhook.Id, d => d.GetProperty("attempts").GetInt32() >= 1, "an attempt");

        Assert.Contains("SSRF", delivery.GetProperty("lastError").GetString());
        Assert.False(delivery.TryGetProperty("lastStatusCode", out _)); // no answer: no connection was made
        Assert.Empty(_receiver.At(path));
    }

    [Fact]
    public async Task A_secret_the_key_ring_cannot_decrypt_fails_the_attempt_visibly_and_sends_nothing()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (webhook, path) = await EndpointAsync(admin, ["LeaderInstructionRecorded"]);
        await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "WITH u AS (UPDATE webhook_endpoints SET protected_secret = 'CfDJ8-not-a-protected-payload' WHERE id = $1 RETURNING 1) SELECT count(*) FROM u", webhook.Id);

        await FeedAsync("spb-zx", new LeaderInstructionRecorded(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), InstructionLevel.District, "区长", "肯定性",
            DateOnly.FromDateTime(DateTime.UtcNow), "请相关部门研究落实", [], [], DateTimeOffset.UtcNow));
        var delivery = await DeliveryAsync(admin, webhook.Id, d => d.GetProperty("attempts").GetInt32() >= 1, "an attempt");

        Assert.Contains("密钥", delivery.GetProperty("lastError").GetString());
        Assert.Empty(_receiver.At(path));
    }

    [Fact]
    public async Task Row_security_alone_hides_another_tenants_endpoints_and_deliveries()
    {
        var admin = await Webhooks.AdminAsync(factory);
        await EndpointAsync(admin, ["PointsCredited"], await Webhooks.NewClientAsync(admin, "scoring.read"));
        var other = await Webhooks.AdminAsync(factory, "mj-admin");
        await EndpointAsync(other, ["PointsCredited"], await Webhooks.NewClientAsync(other, "scoring.read"));
        await FeedAsync("spb-zx", new PointsCredited(Guid.NewGuid(), Guid.NewGuid(), 2, "采用", null, DateTimeOffset.UtcNow));
        await FeedAsync("mj-cq", new PointsCredited(Guid.NewGuid(), Guid.NewGuid(), 2, "采用", null, DateTimeOffset.UtcNow));

        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set("spb-zx");
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        foreach (var table in new[] { "webhook_endpoints", "webhook_deliveries" })
        {
            Assert.True(await CountAsync($"SELECT count(*) FROM {table} WHERE tenant_id = 'mj-cq'") > 0);
            var seen = await db.Database.SqlQueryRaw<string>($"SELECT tenant_id AS \"Value\" FROM {table}").ToListAsync();
            Assert.NotEmpty(seen);
            Assert.All(seen, tenant => Assert.Equal("spb-zx", tenant));
        }
    }

    [Fact]
    public async Task Retention_prunes_old_finished_deliveries_and_keeps_pending_and_recent_ones()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (webhook, _) = await EndpointAsync(admin, ["SubmissionRejected"]);
        var (old, pending, recent) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var (id, status, age) in new[] { (old, "Succeeded", 40), (pending, "Pending", 40), (recent, "Failed", 1) })
            await TestDb.ScalarAsync<long>(factory.ConnectionString, $$"""
                WITH i AS (INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, body, status, attempts, window_attempts,
                    window_started_at, next_attempt_at, created_at)
                VALUES ($1, 'spb-zx', $2, gen_random_uuid(), 'SubmissionRejected', '{}', '{{status}}', 1, 1, now(), now() + interval '1 day',
                    now() - interval '{{age}} days') RETURNING 1) SELECT count(*) FROM i
                """, id, webhook.Id);

        await factory.Services.GetRequiredService<SheqingMinyi.BuildingBlocks.Maintenance.RetentionWorker>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE id = $1", old));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE id = $1", pending));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE id = $1", recent));
    }
}
