using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// 交办 partners' webhooks: a department's client may subscribe to the handling events only, and its endpoint gets just
/// the events naming its own department (lead, co-handling, the lead that asked for a transfer) — never another
/// department's, never another tenant's. Each test has departments and receiver paths of its own.
/// </summary>
public sealed class DepartmentWebhookTests(WebhookFactory factory) : IClassFixture<WebhookFactory>, IAsyncLifetime
{
    private const string ConsumerGroup = "identity";
    private static readonly string[] HandlingTypes = ["HandlingAssigned", "HandlingStatusChanged", "HandlingReminderDue", "HandlingOverdue"];
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private Task<long> CountAsync(string sql, params object[] parameters) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, parameters);

    private async Task<FedEvent> FeedAsync<TEvent>(string tenant, TEvent payload) where TEvent : notnull
    {
        factory.CreateClient(); // the host, and so its consumer, runs
        var fed = await _feeder.PublishAsync(tenant, payload);
        await _feeder.WaitConsumedAsync(fed, ConsumerGroup);
        return fed;
    }

    /// <summary>A department review announced, and a client of it registered by the tenant's admin.</summary>
    private async Task<(Guid Department, string ClientId)> DepartmentClientAsync(HttpClient admin, string tenant, string name)
    {
        var department = Guid.NewGuid();
        await FeedAsync(tenant, new DepartmentChanged(department, name, true, 1, DateTimeOffset.UtcNow));
        var response = await admin.PostAsJsonAsync("/clients", new { displayName = name + "办件系统", scopes = new[] { "review.handle" }, departmentId = department });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (department, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientId").GetString()!);
    }

    private async Task<(RegisteredWebhook Webhook, string Path)> EndpointAsync(HttpClient admin, string clientId, string[] types)
    {
        var path = _receiver.NewPath();
        var webhook = await Webhooks.RegisterAsync(admin, _receiver.BaseUrl + path, types, clientId);
        _receiver.Secret(path, webhook.Secret);
        return (webhook, path);
    }

    private List<(string Type, Guid Handling)> Received(string path) =>
        [.. _receiver.At(path).Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Select(b => (b.GetProperty("type").GetString()!, b.GetProperty("data").GetProperty("handlingId").GetGuid()))
            .OrderBy(t => t.Item1, StringComparer.Ordinal)];

    [Fact]
    public async Task A_departments_client_subscribes_to_handling_events_only()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (department, client) = await DepartmentClientAsync(admin, "spb-zx", "区住建委");

        var (webhook, _) = await EndpointAsync(admin, client, HandlingTypes);
        Assert.Equal(department, webhook.Body.GetProperty("endpoint").GetProperty("departmentId").GetGuid());
        var types = (await admin.GetFromJsonAsync<JsonElement>("/webhooks/event-types")).EnumerateArray().Select(t => t.GetProperty("type").GetString()).ToList();
        Assert.Contains("HandlingReminderDue", types);
        Assert.Contains("HandlingOverdue", types);

        var before = await CountAsync("SELECT count(*) FROM webhook_endpoints WHERE client_id = $1", client);
        foreach (var refused in new[] { "SubmissionSubmitted", "SubmissionAdopted", "HandlingRated" })
        {
            var problem = await (await Webhooks.PostAsync(admin, new { clientId = client, url = _receiver.BaseUrl + _receiver.NewPath(),
                eventTypes = new[] { "HandlingAssigned", refused }, enabled = true })).ReadProblemAsync(400);
            Assert.Contains(refused, problem.GetProperty("errors").GetProperty("eventTypes")[0].GetString());
            Assert.Contains("承办单位", problem.GetProperty("errors").GetProperty("eventTypes")[0].GetString());
        }
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM webhook_endpoints WHERE client_id = $1", client));
        // A change keeps to the same rule.
        var changed = await admin.SendAsync(Webhooks.With(HttpMethod.Put, $"/webhooks/{webhook.Id}", webhook.ETag,
            new { url = _receiver.BaseUrl + _receiver.NewPath(), eventTypes = new[] { "PointsCredited" }, enabled = true }));
        await changed.ReadProblemAsync(400);
    }

    [Fact]
    public async Task A_departments_endpoint_gets_only_the_events_naming_its_department_and_never_another_tenants()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (a, aClient) = await DepartmentClientAsync(admin, "spb-zx", "区民政局");
        var (b, bClient) = await DepartmentClientAsync(admin, "spb-zx", "区财政局");
        var (_, aPath) = await EndpointAsync(admin, aClient, HandlingTypes);
        var (_, bPath) = await EndpointAsync(admin, bClient, HandlingTypes);
        var (_, partnerPath) = await EndpointAsync(admin, await Webhooks.NewClientAsync(admin, "review.read"), HandlingTypes);
        var otherAdmin = await Webhooks.AdminAsync(factory, "mj-admin");
        var (other, otherClient) = await DepartmentClientAsync(otherAdmin, "mj-cq", "市民政局");
        var (_, otherPath) = await EndpointAsync(otherAdmin, otherClient, HandlingTypes);

        var now = DateTimeOffset.UtcNow;
        var deadline = DateOnly.FromDateTime(now.UtcDateTime).AddDays(10);
        var authors = new[] { new AuthorShare(Guid.NewGuid(), 1, 1m) };
        DepartmentRef A = new(a, "区民政局"), B = new(b, "区财政局");
        var (h1, h2, h3, h4, h5) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        // h1: A leads alone. h2: B leads, A co-handles (a reminder names both). h3: B overdue alone. h4: transferred from A to B.
        await FeedAsync("spb-zx", new HandlingAssigned(h1, Guid.NewGuid(), Guid.NewGuid(), "题目一", null, A, [], deadline, null, authors, now));
        await FeedAsync("spb-zx", new HandlingReminderDue(h2, Guid.NewGuid(), "before", deadline, B, null, authors, now, [a]));
        await FeedAsync("spb-zx", new HandlingOverdue(h3, Guid.NewGuid(), deadline, B, null, authors, now, []));
        await FeedAsync("spb-zx", new HandlingStatusChanged(h4, Guid.NewGuid(), "transferred", HandlingStatus.Assigned, 1, B, deadline, "同意", authors, now, 3,
            CoDepartmentIds: [], PreviousLead: A));
        // h5: spb-zx's event naming the other tenant's department: that tenant's endpoint never gets spb-zx's events.
        await FeedAsync("spb-zx", new HandlingAssigned(h5, Guid.NewGuid(), Guid.NewGuid(), "题目五", null, new(other, "市民政局"), [], deadline, null, authors, now));
        await Eventually.GetAsync(() => Task.FromResult(_receiver.At(partnerPath)), r => r.Count >= 5, what: "the tenant-wide partner's five");
        await Eventually.GetAsync(() => Task.FromResult(_receiver.At(bPath)), r => r.Count >= 3, what: "B's three");
        await Task.Delay(1000); // anything more would have come by now

        Assert.Equal([("HandlingAssigned", h1), ("HandlingReminderDue", h2), ("HandlingStatusChanged", h4)], Received(aPath));
        Assert.Equal([("HandlingOverdue", h3), ("HandlingReminderDue", h2), ("HandlingStatusChanged", h4)], Received(bPath));
        Assert.Equal(5, Received(partnerPath).Count);
        Assert.Empty(_receiver.At(otherPath));
        Assert.All(_receiver.At(aPath).Concat(_receiver.At(bPath)), r => Assert.True(r.SignatureValid));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE e.client_id = $1",
            otherClient));
    }

    [Fact]
    public async Task A_co_handlers_endpoint_gets_the_transfer_extension_reply_and_reopening_and_an_uninvolved_department_nothing()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (lead, leadClient) = await DepartmentClientAsync(admin, "spb-zx", "区文旅委");
        var (co, coClient) = await DepartmentClientAsync(admin, "spb-zx", "区园林局");
        var (_, otherClient) = await DepartmentClientAsync(admin, "spb-zx", "区档案馆");
        string[] types = [.. HandlingTypes, "HandlingReplied"];
        var (_, leadPath) = await EndpointAsync(admin, leadClient, types);
        var (_, coPath) = await EndpointAsync(admin, coClient, types);
        var (otherWebhook, otherPath) = await EndpointAsync(admin, otherClient, types);

        var now = DateTimeOffset.UtcNow;
        var deadline = DateOnly.FromDateTime(now.UtcDateTime).AddDays(10);
        var authors = new[] { new AuthorShare(Guid.NewGuid(), 1, 1m) };
        DepartmentRef Lead = new(lead, "区文旅委"), Previous = new(Guid.NewGuid(), "区商务委");
        var (handling, item) = (Guid.NewGuid(), Guid.NewGuid());
        HandlingStatusChanged Changed(string change, int version, DepartmentRef? previous = null) => new(handling, item, change, HandlingStatus.InProgress, 1,
            Lead, deadline, "同意", authors, now, version, CoDepartmentIds: [co], PreviousLead: previous);
        await FeedAsync("spb-zx", Changed("transferred", 3, Previous));
        await FeedAsync("spb-zx", Changed("extended", 4));
        await FeedAsync("spb-zx", Changed("request-refused", 5));
        await FeedAsync("spb-zx", new HandlingReplied(handling, item, 1, ReplyCategory.B, "正在解决", [], Lead, deadline, true, authors, now, CoDepartmentIds: [co]));
        var reopened = await FeedAsync("spb-zx", Changed("reopened", 7));
        await _feeder.WaitConsumedAsync(await _feeder.RedeliverAsync(reopened), ConsumerGroup); // a replay: no second delivery
        await Eventually.GetAsync(() => Task.FromResult(_receiver.At(coPath)), r => r.Count >= 5, what: "the co-handler's five");
        await Eventually.GetAsync(() => Task.FromResult(_receiver.At(leadPath)), r => r.Count >= 5, what: "the lead's five");
        await Task.Delay(1000); // anything more would have come by now

        var changes = _receiver.At(coPath).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data"))
            .Select(d => d.TryGetProperty("change", out var c) ? c.GetString() : "reply").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["extended", "reopened", "reply", "request-refused", "transferred"], changes);
        Assert.Equal(5, _receiver.At(leadPath).Count);
        Assert.All(_receiver.At(coPath), r => Assert.True(r.SignatureValid));
        Assert.Empty(_receiver.At(otherPath));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", otherWebhook.Id));
    }

    [Fact]
    public async Task A_restricted_handlings_reminder_and_overdue_are_sent_to_nobody()
    {
        var admin = await Webhooks.AdminAsync(factory);
        var (a, aClient) = await DepartmentClientAsync(admin, "spb-zx", "区教委");
        var (webhook, path) = await EndpointAsync(admin, aClient, HandlingTypes);
        var now = DateTimeOffset.UtcNow;
        var deadline = DateOnly.FromDateTime(now.UtcDateTime);
        DepartmentRef A = new(a, "区教委");

        await FeedAsync("spb-zx", new HandlingReminderDue(Guid.NewGuid(), Guid.NewGuid(), "due", deadline, A, null, [], now, [], Restricted: true));
        await FeedAsync("spb-zx", new HandlingOverdue(Guid.NewGuid(), Guid.NewGuid(), deadline, A, null, [], now, [], Restricted: true));
        var sent = Guid.NewGuid();
        await FeedAsync("spb-zx", new HandlingReminderDue(sent, Guid.NewGuid(), "due", deadline, A, null, [], now, []));
        await Eventually.GetAsync(() => Task.FromResult(_receiver.At(path)), r => r.Count >= 1, what: "the unrestricted reminder");
        await Task.Delay(1000);

        Assert.Equal([("HandlingReminderDue", sent)], Received(path));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", webhook.Id));
    }
}
