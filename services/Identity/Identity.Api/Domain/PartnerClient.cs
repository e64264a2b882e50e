namespace SheqingMinyi.Identity.Domain;

/// <summary>
/// Which tenant a partner client (an OpenIddict application) belongs to, beside OpenIddict's own table: a tenant's
/// clients are read with a query on this tenant-owned table (row security), not by reading every application.
/// </summary>
public sealed class PartnerClient
{
    public string ClientId { get; init; } = "";
    public string TenantId { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}
