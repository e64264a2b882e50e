using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SheqingMinyi.Identity.Webhooks;

/// <summary>
/// An endpoint's signing secret: <c>whsec_</c> + base64 of 32 random bytes (the Standard Webhooks form), answered once
/// when made; kept encrypted by identity's Data Protection key ring (its own purpose), so a database dump yields none.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    public const string Prefix = "whsec_";
    private readonly IDataProtector _protector = provider.CreateProtector("SheqingMinyi.Identity.WebhookSecrets.v1");

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    /// <summary>The HMAC key: the bytes the base64 after the prefix stands for.</summary>
    public static byte[] KeyOf(string secret) => Convert.FromBase64String(secret[Prefix.Length..]);
}
