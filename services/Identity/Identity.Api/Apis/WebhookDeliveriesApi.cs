using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;

namespace SheqingMinyi.Identity.Apis;

public sealed record WebhookDeliveryView(Guid Id, string WebhookId, Guid EventId, string EventType, WebhookDeliveryStatus Status, int Attempts,
    DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? NextAttemptAt, DateTimeOffset? SucceededAt, DateTimeOffset CreatedAt)
{
    public static WebhookDeliveryView From(WebhookDelivery d) => new(d.Id, d.WebhookId, d.EventId, d.EventType, d.Status, d.Attempts, d.LastAttemptAt,
        d.LastStatusCode, d.LastError, d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.SucceededAt, d.CreatedAt);
}

public sealed record WebhookAttemptView(DateTimeOffset AttemptedAt, int? StatusCode, int DurationMs, string? Error);

/// <summary>One delivery with the body it sends and every attempt, newest first.</summary>
public sealed record WebhookDeliveryDetailView(WebhookDeliveryView Delivery, string Body, IReadOnlyList<WebhookAttemptView> AttemptLog);

/// <summary>投递记录: an endpoint's deliveries and their attempts, for the tenant admin; a delivery can be sent again.</summary>
public static class WebhookDeliveriesApi
{
    public const string Replayed = "webhook-delivery-replayed", TestSent = "webhook-test-sent";
    public const string TestEventType = "webhook.test";

    public static RouteGroupBuilder MapWebhookDeliveries(this RouteGroupBuilder webhooks)
    {
        webhooks.MapGet("/{id:guid}/deliveries", ListAsync).WithETag();
        webhooks.MapGet("/{id:guid}/deliveries/{deliveryId:guid}", GetAsync).WithETag();
        webhooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/replay", ReplayAsync).WithIdempotency();
        webhooks.MapPost("/{id:guid}/test", SendTestAsync).WithIdempotency();
        return webhooks;
    }

    /// <summary>Newest first; <c>status</c> (pending, succeeded, failed) narrows it.</summary>
    public static async Task<Results<Ok<PagedList<WebhookDeliveryView>>, ValidationProblem, ProblemHttpResult>> ListAsync(Guid id, IdentityDbContext db,
        PageRequest page, CancellationToken ct, string? status = null)
    {
        var validator = new Validator().Check(ApiEnums.TryParse<WebhookDeliveryStatus>(status, out var wanted), "status",
            $"可选: {ApiEnums.Allowed<WebhookDeliveryStatus>()}");
        if (!validator.IsValid) return validator.ToProblem();
        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == id, ct)) return ApiProblems.NotFound("Webhook", id);
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == id);
        if (wanted is { } s) query = query.Where(d => d.Status == s);
        return TypedResults.Ok((await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).ToPageAsync(page, ct)).Select(WebhookDeliveryView.From));
    }

    public static async Task<Results<Ok<WebhookDeliveryDetailView>, ProblemHttpResult>> GetAsync(Guid id, Guid deliveryId, IdentityDbContext db, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == id, ct);
        if (delivery is null) return ApiProblems.NotFound("Delivery", deliveryId);
        var attempts = await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderByDescending(a => a.AttemptedAt).Take(100)
            .Select(a => new WebhookAttemptView(a.AttemptedAt, a.StatusCode, a.DurationMs, a.Error)).ToListAsync(ct);
        return TypedResults.Ok(new WebhookDeliveryDetailView(WebhookDeliveryView.From(delivery), delivery.Body, attempts));
    }

    /// <summary>Sends a finished delivery again at once, with a new retry window and the same webhook-id and body, so the
    /// receiver can tell it is one it may have had. Not while it is still pending, nor to a switched-off endpoint.</summary>
    public static async Task<Results<Accepted<WebhookDeliveryView>, ProblemHttpResult>> ReplayAsync(Guid id, Guid deliveryId, IdentityDbContext db,
        Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        var delivery = endpoint is null ? null : await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == id, ct);
        if (delivery is null) return ApiProblems.NotFound("Delivery", deliveryId);
        if (!endpoint!.Enabled)
            return ApiProblems.Conflict("webhook-disabled", "推送地址已停用", "Enable the webhook endpoint before replaying its deliveries.");
        if (delivery.Status == WebhookDeliveryStatus.Pending)
            return ApiProblems.Conflict("delivery-pending", "该投递仍在等待发送", "The delivery is still pending: it will be sent at its next attempt.");
        delivery.Replay(clock.GetUtcNow());
        db.AddAudit(caller.TenantId, caller.Subject, Replayed, $"webhook {id}", delivery.WebhookId);
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/webhooks/{id}/deliveries/{deliveryId}", WebhookDeliveryView.From(delivery));
    }

    /// <summary>发送测试推送: a <c>webhook.test</c> delivery to an enabled endpoint, signed and sent by the normal sender
    /// (retries included) and kept in the delivery log, so the admin sees whether the receiver answers.</summary>
    public static async Task<Results<Accepted<WebhookDeliveryView>, ProblemHttpResult>> SendTestAsync(Guid id, IdentityDbContext db, Caller caller,
        TimeProvider clock, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return ApiProblems.NotFound("Webhook", id);
        if (!endpoint.Enabled)
            return ApiProblems.Conflict("webhook-disabled", "推送地址已停用", "Enable the webhook endpoint before sending it a test event.");
        var now = clock.GetUtcNow();
        var eventId = Guid.CreateVersion7();
        var body = System.Text.Json.JsonSerializer.Serialize(new Webhooks.WebhookPayload(TestEventType, now,
            new { endpointId = id, eventId, message = "这是一条测试推送，无需处理。" }), JsonDefaults.Options);
        var delivery = WebhookDelivery.For(endpoint, eventId, TestEventType, body, now);
        db.WebhookDeliveries.Add(delivery);
        db.AddAudit(caller.TenantId, caller.Subject, TestSent, $"webhook {id}", delivery.WebhookId);
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/webhooks/{id}/deliveries/{delivery.Id}", WebhookDeliveryView.From(delivery));
    }
}
