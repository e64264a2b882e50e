namespace SheqingMinyi.BuildingBlocks.Files;

/// <summary>
/// One uploaded file of a tenant (e.g. a scanned proof of an adoption): its description in the row, its bytes on disk
/// under <see cref="StorageKey"/> (<see cref="DiskFileStore"/>), so the database stays small and a row is all RLS guards.
/// </summary>
public sealed class StoredFile
{
    public const int FileNameMaxLength = 200;

    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    /// <summary>The name the uploader's file had (path dropped), for the download's Content-Disposition.</summary>
    public string FileName { get; init; } = "";
    /// <summary>The type its first bytes prove (and the upload declared): application/pdf, image/jpeg or image/png.</summary>
    public string ContentType { get; init; } = "";
    public long Size { get; init; }
    /// <summary>Lower-case hex SHA-256 of the bytes: the download's ETag, and a check that the disk still has them.</summary>
    public string Sha256 { get; init; } = "";
    /// <summary>Where the bytes are, relative to the store's root directory.</summary>
    public string StorageKey { get; init; } = "";
    /// <summary>The token subject who uploaded it.</summary>
    public string UploadedBy { get; init; } = "";
    public DateTimeOffset UploadedAt { get; init; }
}
