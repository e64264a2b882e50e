using System.Security.Cryptography;
using System.Text;

namespace SheqingMinyi.Identity.Auth;

/// <summary>Configuration section "Identity:Accounts".</summary>
public sealed class AccountOptions
{
    public const string Section = "Identity:Accounts";
    /// <summary>How long an activation code (of an invitation or a reset) may be used.</summary>
    public TimeSpan ActivationLifetime { get; set; } = TimeSpan.FromHours(72);
}

/// <summary>
/// One-time activation codes: 20 characters of an alphabet without look-alikes (100 random bits), shown once to the
/// tenant admin, stored only as a SHA-256 hash. The entropy makes a keyed or slow hash unnecessary.
/// </summary>
public static class ActivationCodes
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public const int Length = 20;

    public static string New() => string.Create(Length + 3, 0, (chars, _) =>
    {
        var position = 0;
        for (var i = 0; i < Length; i++)
        {
            if (i > 0 && i % 5 == 0) chars[position++] = '-';
            chars[position++] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
    });

    /// <summary>The hash of a code as typed: case, spaces and hyphens do not matter.</summary>
    public static string Hash(string code)
    {
        var normalised = new string([.. code.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant)]);
        return Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(normalised))).ToLowerInvariant();
    }
}
