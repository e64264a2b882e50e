namespace SheqingMinyi.IntegrationEvents;

// Webhooks (identity): partner systems receive the platform's events at endpoints their tenant admin registers.

/// <summary>
/// 推送地址停用: identity stopped delivering to a partner's webhook endpoint because every retry of a delivery failed for
/// the whole retry window (about 24 h). Reason is the Chinese notice the tenant admin sees on the endpoint; the endpoint
/// stays registered and delivers again once an admin enables it.
/// </summary>
public sealed record WebhookEndpointDisabled(Guid EndpointId, string ClientId, string Url, string Reason, DateTimeOffset DisabledAt);
