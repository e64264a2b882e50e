namespace SheqingMinyi.Gateway.Proxy;

/// <summary>Configuration section "Gateway".</summary>
public sealed class GatewayOptions
{
    /// <summary>Largest request body accepted, in bytes (413 above it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
    /// <summary>Until sign-in exists, the tenant every request acts for (demo: 沙坪坝区政协).</summary>
    public string DefaultTenant { get; set; } = "spb-zx";
}
