namespace SheqingMinyi.BuildingBlocks.Tenancy;

/// <summary>
/// Headers only the gateway may set. The gateway removes every client-sent header with this prefix and then adds
/// the ones it resolved itself, so a service can trust them.
/// </summary>
public static class InternalHeaders
{
    public const string Prefix = "X-Sqmy-";
    public const string Tenant = "X-Sqmy-Tenant";
}
