using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;
using SheqingMinyi.IntegrationEvents;
using StandardWebhooks;

namespace SheqingMinyi.Identity.Webhooks;

/// <summary>
/// Sends due deliveries, signed per Standard Webhooks (<c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "id.timestamp.body"&gt;</c>, signed by the StandardWebhooks package).
/// A pass claims a batch across tenants with <c>FOR UPDATE SKIP LOCKED</c> and moves each claimed row's next attempt a
/// lease ahead in the same statement, so two senders (replicas) never send one delivery at once, and a sender that dies
/// mid-send leaves it to be sent again after the lease (the receiver deduplicates by webhook-id). Each delivery is then
/// sent and recorded under its own tenant (application login, row security). A failure is retried along the schedule;
/// when the schedule is spent the delivery fails, the endpoint is switched off with a visible reason and
/// <see cref="WebhookEndpointDisabled"/> is raised in the same transaction.
/// </summary>
public sealed class WebhookSender(NpgsqlDataSource ownerSource, IServiceScopeFactory scopes, WebhookAddressGuard guard,
    IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookSender> logger) : BackgroundService
{
    private static readonly ActivitySource Source = new("SheqingMinyi.Webhooks");
    private static readonly Meter Meter = new("SheqingMinyi.Webhooks");
    private static readonly Counter<long> Sent = Meter.CreateCounter<long>("sqmy.webhooks.sent");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("sqmy.webhooks.failures");
    private static readonly Counter<long> SwitchedOff = Meter.CreateCounter<long>("sqmy.webhooks.endpoints_switched_off");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("sqmy.webhooks.duration", "ms");
    private HttpClient? _http;

    /// <summary>Identity's own client, outside the HttpClient factory (no service discovery, no resilience retries, no
    /// proxy, no redirects): every connection goes through the guard.</summary>
    private HttpClient Http => _http ??= new HttpClient(new SocketsHttpHandler
    {
        ConnectCallback = guard.ConnectAsync,
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    }) { Timeout = options.Value.Timeout };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await RunPassAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Webhook pass failed");
            }
            if (sent == 0)
                try { await Task.Delay(options.Value.PollInterval, stoppingToken); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>One pass: claims due deliveries and sends them; the number sent.</summary>
    public async Task<int> RunPassAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync(ct);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentSends, CancellationToken = ct },
            async (delivery, token) =>
            {
                try
                {
                    await SendAsync(delivery.Id, delivery.TenantId, token);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Webhook delivery {Id} could not be recorded; it is tried again after its lease", delivery.Id);
                }
            });
        return claimed.Count;
    }

    private async Task<List<(Guid Id, string TenantId)>> ClaimAsync(CancellationToken ct)
    {
        var lease = options.Value.Timeout + TimeSpan.FromSeconds(30);
        await using var command = ownerSource.CreateCommand("""
            UPDATE webhook_deliveries d SET next_attempt_at = now() + $1
            WHERE d.id IN (
                SELECT w.id FROM webhook_deliveries w JOIN webhook_endpoints e ON e.id = w.endpoint_id
                WHERE w.status = 'Pending' AND e.enabled AND w.next_attempt_at <= now()
                ORDER BY w.next_attempt_at LIMIT $2
                FOR UPDATE OF w SKIP LOCKED)
            RETURNING d.id, d.tenant_id
            """);
        command.Parameters.AddWithValue(lease);
        command.Parameters.AddWithValue(options.Value.BatchSize);
        var claimed = new List<(Guid, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) claimed.Add((reader.GetGuid(0), reader.GetString(1)));
        return claimed;
    }

    private async Task SendAsync(Guid deliveryId, string tenantId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is not { Status: WebhookDeliveryStatus.Pending }) return;
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == delivery.EndpointId, ct);
        if (endpoint is not { Enabled: true }) return;

        using var activity = Source.StartActivity($"webhook {delivery.EventType}", ActivityKind.Producer);
        activity?.SetTag("sqmy.tenant", tenantId);
        activity?.SetTag("sqmy.webhook.id", delivery.WebhookId);
        var (status, error, duration) = Unprotected(scope.ServiceProvider.GetRequiredService<WebhookSecrets>(), endpoint) is { } secret
            ? await PostAsync(endpoint.Url, delivery, secret, ct)
            : (null, "签名密钥无法解密（密钥环不可用或已更换），请轮换密钥 (the secret cannot be decrypted: rotate it)", TimeSpan.Zero);
        activity?.SetTag("http.response.status_code", status);
        (status is >= 200 and < 300 ? Sent : Failures).Add(1);
        Duration.Record(duration.TotalMilliseconds);

        var now = clock.GetUtcNow();
        db.WebhookAttempts.Add(delivery.Record(status, error, duration, now, options.Value.Schedule));
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (delivery.Status == WebhookDeliveryStatus.Failed) await SwitchOffAsync(db, endpoint, delivery, now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        });
    }

    /// <summary>Null when the key ring cannot decrypt it: then nothing is sent, and the attempt fails visibly (not silently forever).</summary>
    private string? Unprotected(WebhookSecrets secrets, WebhookEndpoint endpoint)
    {
        try
        {
            return secrets.Unprotect(endpoint.ProtectedSecret);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            logger.LogWarning(ex, "The secret of webhook endpoint {Id} cannot be decrypted", endpoint.Id);
            return null;
        }
    }

    /// <summary>The status code (null when none came), an error text, and how long the attempt took.</summary>
    private async Task<(int? Status, string? Error, TimeSpan Duration)> PostAsync(string url, WebhookDelivery delivery, string secret, CancellationToken ct)
    {
        var timestamp = clock.GetUtcNow();
        var signature = new StandardWebhook(WebhookSecrets.KeyOf(secret)).Sign(delivery.WebhookId, timestamp, delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("webhook-id", delivery.WebhookId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        request.Headers.UserAgent.ParseAdd("SheqingMinyi-Webhooks/1.0");
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            return (code, code is >= 200 and < 300 ? null : $"HTTP {code} {response.ReasonPhrase}", watch.Elapsed);
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookAddressRefusedException refused)
        {
            return (null, $"地址被拒绝 (SSRF): {refused.Message}", watch.Elapsed);
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.Message, watch.Elapsed);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"超时 (no answer within {options.Value.Timeout.TotalSeconds:0.#} s)", watch.Elapsed);
        }
    }

    private static async Task SwitchOffAsync(IdentityDbContext db, WebhookEndpoint endpoint, WebhookDelivery delivery, DateTimeOffset now, CancellationToken ct)
    {
        var reason = $"投递 {delivery.WebhookId} 在重试期内全部失败，推送地址已停用；最后一次错误: {delivery.LastError}";
        if (reason.Length > WebhookEndpoint.ReasonMaxLength) reason = reason[..WebhookEndpoint.ReasonMaxLength];
        // Only the first failing delivery switches it off (and announces it), whatever runs beside it.
        var switched = await db.WebhookEndpoints.Where(e => e.Id == endpoint.Id && e.Enabled)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Enabled, false).SetProperty(e => e.DisabledReason, reason)
                .SetProperty(e => e.DisabledAt, now).SetProperty(e => e.UpdatedAt, now), ct);
        if (switched == 1)
        {
            SwitchedOff.Add(1);
            var raised = db.AddEvent(endpoint.TenantId, new WebhookEndpointDisabled(endpoint.Id, endpoint.ClientId, endpoint.Url, reason, now));
            // The tenant's admins are told in the same transaction: exactly one notice per switch-off.
            db.WebhookNotices.Add(WebhookNotice.Disabled(endpoint.TenantId, endpoint.Id, endpoint.ClientId, endpoint.Url, reason, raised.Id, now));
        }
    }

    public override void Dispose()
    {
        _http?.Dispose();
        base.Dispose();
    }
}
