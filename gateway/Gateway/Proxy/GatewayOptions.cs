namespace SheqingMinyi.Gateway.Proxy;

/// <summary>Configuration section "Gateway".</summary>
public sealed class GatewayOptions
{
    /// <summary>Largest request body accepted, in bytes (413 above it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
