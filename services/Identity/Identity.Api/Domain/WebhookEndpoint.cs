namespace SheqingMinyi.Identity.Domain;

/// <summary>What an endpoint's state is, as the tenant admin sees it.</summary>
public enum WebhookEndpointStatus
{
    Enabled,
    /// <summary>Switched off by an admin.</summary>
    Disabled,
    /// <summary>Switched off by identity: a delivery failed for its whole retry window.</summary>
    DisabledAfterFailures,
}

/// <summary>
/// 推送地址: where a partner client of the tenant receives the events it subscribed to (Standard Webhooks). The signing
/// secret is kept encrypted by Data Protection (<see cref="Webhooks.WebhookSecrets"/>), never in plain.
/// </summary>
public sealed class WebhookEndpoint
{
    public const int UrlMaxLength = 2000, ReasonMaxLength = 500;

    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public string ClientId { get; init; } = "";
    /// <summary>The department whose client it is (交办): it gets only the handling events naming that department.</summary>
    public Guid? DepartmentId { get; init; }
    public string Url { get; set; } = "";
    public List<string> EventTypes { get; set; } = [];
    public bool Enabled { get; set; }
    /// <summary>Why identity switched it off (null when enabled, or switched off by an admin).</summary>
    public string? DisabledReason { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
    public string ProtectedSecret { get; set; } = "";
    public DateTimeOffset SecretRotatedAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }

    public WebhookEndpointStatus Status => Enabled ? WebhookEndpointStatus.Enabled
        : DisabledReason is null ? WebhookEndpointStatus.Disabled : WebhookEndpointStatus.DisabledAfterFailures;

    public static WebhookEndpoint Register(string tenantId, string clientId, Guid? departmentId, string url, IEnumerable<string> eventTypes,
        bool enabled, string protectedSecret, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenantId,
        ClientId = clientId,
        DepartmentId = departmentId,
        Url = url,
        EventTypes = [.. eventTypes.Distinct().Order(StringComparer.Ordinal)],
        Enabled = enabled,
        DisabledAt = enabled ? null : now,
        ProtectedSecret = protectedSecret,
        SecretRotatedAt = now,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>True when it went from switched off to enabled (its waiting deliveries get a new retry window).</summary>
    public bool Change(string url, IEnumerable<string> eventTypes, bool enabled, DateTimeOffset now)
    {
        var reenabled = enabled && !Enabled;
        Url = url;
        EventTypes = [.. eventTypes.Distinct().Order(StringComparer.Ordinal)];
        if (enabled != Enabled || (enabled && DisabledReason is not null))
        {
            Enabled = enabled;
            DisabledReason = null;
            DisabledAt = enabled ? null : now;
        }
        UpdatedAt = now;
        return reenabled;
    }

    public void RotateSecret(string protectedSecret, DateTimeOffset now)
    {
        ProtectedSecret = protectedSecret;
        SecretRotatedAt = now;
        UpdatedAt = now;
    }
}
