using SheqingMinyi.Security;

namespace SheqingMinyi.Identity.Auth.Keys;

/// <summary>
/// The server's private keys are stored encrypted by ASP.NET Core Data Protection (purpose
/// <see cref="SigningKeyStore.Purpose"/>). Its key ring lives in <c>Identity:KeyRing:Directory</c> (every replica
/// must share it), encrypted at rest by the certificate <c>Identity:KeyRing:Certificate:Path</c> (PFX, with
/// <c>:Password</c>) when one is given. The database alone — a dump, a replica, the application role — never yields
/// a usable key.
/// </summary>
public static class KeyRingProtection
{
    public const string Section = "Identity:KeyRing";

    public static IHostApplicationBuilder AddServerKeyProtection(this IHostApplicationBuilder builder)
    {
        builder.AddKeyRing(Section, "sqmy-identity");
        return builder;
    }

    /// <summary>Said once at start-up: without a configured directory the ring is Data Protection's per-user default.</summary>
    public static void WarnIfDefault(IConfiguration configuration, ILogger logger) =>
        KeyRings.WarnIfDefault(configuration, Section, "the server keys", logger);
}
