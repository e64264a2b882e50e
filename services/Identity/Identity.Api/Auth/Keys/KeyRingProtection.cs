using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

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
        var settings = builder.Configuration.GetSection(Section);
        var protection = builder.Services.AddDataProtection().SetApplicationName("sqmy-identity");
        if (settings["Directory"] is { Length: > 0 } directory)
            protection.PersistKeysToFileSystem(new DirectoryInfo(directory));
        if (settings["Certificate:Path"] is { Length: > 0 } path)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, settings["Certificate:Password"]);
            // Unprotect with the file's certificate too: on Linux there is no certificate store to find it in.
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        return builder;
    }

    /// <summary>Said once at start-up: without a configured directory the ring is Data Protection's per-user default.</summary>
    public static void WarnIfDefault(IConfiguration configuration, ILogger logger)
    {
        if (string.IsNullOrEmpty(configuration[$"{Section}:Directory"]))
            logger.LogWarning("{Section}:Directory is not set: the server keys are protected by Data Protection's default key ring of this user. " +
                "Replicas and restarts on other machines cannot read them; set a shared directory (and a certificate) in production.", Section);
    }
}
