using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SheqingMinyi.Security;

/// <summary>
/// A service's ASP.NET Core Data Protection key ring, from one configuration section: <c>{section}:Directory</c>
/// (every replica must share it; back it up with the database, which is unreadable without it) and, optionally,
/// <c>{section}:Certificate:Path</c> (PFX) with <c>:Password</c>, which encrypts the ring itself. Used by identity
/// (server keys) and people (personal data); each has its own section, application name and ring.
/// </summary>
public static class KeyRings
{
    public static IDataProtectionBuilder AddKeyRing(this IHostApplicationBuilder builder, string section, string applicationName)
    {
        var settings = builder.Configuration.GetSection(section);
        var protection = builder.Services.AddDataProtection().SetApplicationName(applicationName);
        if (settings["Directory"] is { Length: > 0 } directory)
            protection.PersistKeysToFileSystem(new DirectoryInfo(directory));
        if (settings["Certificate:Path"] is { Length: > 0 } path)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, settings["Certificate:Password"]);
            // Unprotect with the file's certificate too: on Linux there is no certificate store to find it in.
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        return protection;
    }

    /// <summary>Said once at start-up: without a configured directory the ring is Data Protection's per-user default.</summary>
    public static void WarnIfDefault(IConfiguration configuration, string section, string what, ILogger logger)
    {
        if (string.IsNullOrEmpty(configuration[$"{section}:Directory"]))
            logger.LogWarning("{Section}:Directory is not set: {What} are protected by Data Protection's default key ring of this user. " +
                "Replicas and restarts on other machines cannot read them; set a shared directory (and a certificate) in production.", section, what);
    }
}
