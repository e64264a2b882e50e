using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SheqingMinyi.People.Domain;

/// <summary>A card token: 192 random bits, URL-safe base64 (32 characters), and its SHA-256 for lookup.</summary>
public sealed partial class CardToken
{
    private const int Bytes = 24;

    public string Value { get; }
    public byte[] Hash => HashOf(Value);

    private CardToken(string value) => Value = value;

    public static CardToken New() => new(Base64Url(RandomNumberGenerator.GetBytes(Bytes)));

    /// <summary>A token read back (decrypted) from the card.</summary>
    public static CardToken From(string value) => new(value);

    /// <summary>Only well-formed tokens are looked up; anything else is answered like an unknown token.</summary>
    public static bool IsWellFormed(string? value) => value is not null && Shape().IsMatch(value);

    public static byte[] HashOf(string value) => SHA256.HashData(Encoding.ASCII.GetBytes(value));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("^[A-Za-z0-9_-]{32}$")]
    private static partial Regex Shape();
}
