namespace SheqingMinyi.BuildingBlocks.Files;

/// <summary>
/// The file types the store accepts, told by their first bytes (magic numbers), never by the name or the declared
/// type alone: a renamed executable is not a PDF because its name ends in .pdf.
/// </summary>
public static class FileTypes
{
    public const string Pdf = "application/pdf", Jpeg = "image/jpeg", Png = "image/png";

    public static readonly string[] Allowed = [Pdf, Jpeg, Png];

    /// <summary>How many leading bytes <see cref="Detect"/> needs at most.</summary>
    public const int SniffLength = 8;

    private static readonly (string Type, byte[] Magic)[] Signatures =
    [
        (Pdf, "%PDF-"u8.ToArray()),
        (Jpeg, [0xFF, 0xD8, 0xFF]),
        (Png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
    ];

    /// <summary>The accepted type the bytes start with, or null.</summary>
    public static string? Detect(ReadOnlySpan<byte> head)
    {
        foreach (var (type, magic) in Signatures)
            if (head.StartsWith(magic)) return type;
        return null;
    }

    /// <summary>A declared Content-Type without parameters, lower-case (image/jpg, a common misspelling, is JPEG).</summary>
    public static string Normalise(string? declared)
    {
        var type = (declared ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return type == "image/jpg" ? Jpeg : type;
    }

    /// <summary>The extension a download without a usable name gets.</summary>
    public static string ExtensionOf(string type) => type switch { Pdf => ".pdf", Jpeg => ".jpg", Png => ".png", _ => "" };
}
