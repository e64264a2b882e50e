namespace SheqingMinyi.Identity.Domain;

/// <summary>
/// 推送地址通知: what the tenant's admins must know of their webhook endpoints — for now that identity switched one off
/// after a delivery failed for its whole retry window (WebhookEndpointDisabled). Written in the transaction that switches
/// the endpoint off, so there is exactly one per switch-off (a unique index on the event backs it up); kept after the
/// endpoint is deleted, since it is the admin's record of what happened. Read once for all the tenant's admins.
/// </summary>
public sealed class WebhookNotice
{
    public const string EndpointDisabled = "endpoint-disabled";
    public const int TitleMaxLength = 100, TextMaxLength = 1000, ReadByMaxLength = 200;

    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Title { get; init; } = "";
    public string Text { get; init; } = "";
    public Guid EndpointId { get; init; }
    public string ClientId { get; init; } = "";
    public string Url { get; init; } = "";
    /// <summary>The event it tells of (its outbox id).</summary>
    public Guid SourceEventId { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset? ReadAt { get; private set; }
    public string? ReadBy { get; private set; }

    public static WebhookNotice Disabled(string tenantId, Guid endpointId, string clientId, string url, string reason, Guid sourceEventId,
        DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenantId,
        Kind = EndpointDisabled,
        Title = "推送地址已停用",
        Text = Clip($"合作系统 {clientId} 的推送地址 {url} 已被系统停用：{reason} 请检查接收方后在推送地址设置中重新启用。", TextMaxLength),
        EndpointId = endpointId,
        ClientId = clientId,
        Url = url,
        SourceEventId = sourceEventId,
        OccurredAt = at,
    };

    /// <summary>Marks it read; again keeps the first time and reader (idempotent). Kept to the microsecond, as stored.</summary>
    public bool MarkRead(string by, DateTimeOffset now)
    {
        if (ReadAt is not null) return false;
        ReadAt = now.AddTicks(-(now.Ticks % 10));
        ReadBy = Clip(by, ReadByMaxLength);
        return true;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
