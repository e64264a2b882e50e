namespace SheqingMinyi.Identity.Domain;

public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    Pending,
    Succeeded,
    /// <summary>Every attempt of its retry window failed; its endpoint was switched off.</summary>
    Failed,
}

/// <summary>
/// One event for one endpoint, written by the fan-out consumer in the inbox's transaction and sent by
/// <see cref="Webhooks.WebhookSender"/>. The body is fixed when written, so every attempt and every replay sends the same
/// bytes under the same <see cref="WebhookId"/>, which lets the receiver deduplicate.
/// </summary>
public sealed class WebhookDelivery
{
    public const int ErrorMaxLength = 1000;

    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public Guid EndpointId { get; init; }
    public Guid EventId { get; init; }
    public string EventType { get; init; } = "";
    public string Body { get; init; } = "";
    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    /// <summary>Attempts since the retry window began (creation or the last replay); indexes the retry schedule.</summary>
    public int WindowAttempts { get; set; }
    public DateTimeOffset WindowStartedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SucceededAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The Standard Webhooks <c>webhook-id</c>: the same for every attempt and replay.</summary>
    public string WebhookId => $"msg_{Id:N}";

    public static WebhookDelivery For(WebhookEndpoint endpoint, Guid eventId, string eventType, string body, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = endpoint.TenantId,
        EndpointId = endpoint.Id,
        EventId = eventId,
        EventType = eventType,
        Body = body,
        Status = WebhookDeliveryStatus.Pending,
        WindowStartedAt = now,
        NextAttemptAt = now,
        CreatedAt = now,
    };

    /// <summary>Records one attempt; a failure is retried after the schedule's next delay, or fails the delivery when the
    /// schedule is spent (the caller then switches the endpoint off).</summary>
    public WebhookAttempt Record(int? statusCode, string? error, TimeSpan duration, DateTimeOffset now, IReadOnlyList<TimeSpan> schedule)
    {
        Attempts++;
        WindowAttempts++;
        LastAttemptAt = now;
        LastStatusCode = statusCode;
        LastError = error is { Length: > ErrorMaxLength } ? error[..ErrorMaxLength] : error;
        if (statusCode is >= 200 and < 300)
        {
            Status = WebhookDeliveryStatus.Succeeded;
            SucceededAt = now;
            LastError = null;
        }
        else if (WindowAttempts > schedule.Count) Status = WebhookDeliveryStatus.Failed;
        else NextAttemptAt = now + schedule[WindowAttempts - 1];
        return new WebhookAttempt
        {
            Id = Guid.CreateVersion7(),
            TenantId = TenantId,
            DeliveryId = Id,
            EndpointId = EndpointId,
            AttemptedAt = now,
            StatusCode = statusCode,
            DurationMs = (int)Math.Min(int.MaxValue, duration.TotalMilliseconds),
            Error = LastError,
        };
    }

    /// <summary>Sent again at once with a new retry window, under the same webhook-id.</summary>
    public void Replay(DateTimeOffset now)
    {
        Status = WebhookDeliveryStatus.Pending;
        WindowAttempts = 0;
        WindowStartedAt = now;
        NextAttemptAt = now;
    }
}

/// <summary>One try of a delivery, for the endpoint's delivery log.</summary>
public sealed class WebhookAttempt
{
    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public Guid DeliveryId { get; init; }
    public Guid EndpointId { get; init; }
    public DateTimeOffset AttemptedAt { get; init; }
    public int? StatusCode { get; init; }
    public int DurationMs { get; init; }
    public string? Error { get; init; }
}
