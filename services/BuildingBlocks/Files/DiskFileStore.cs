using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SheqingMinyi.BuildingBlocks.Files;

/// <summary>The bytes as written: where (relative to the root), how many, and their SHA-256 (lower-case hex).</summary>
public sealed record SavedBytes(string StorageKey, long Size, string Sha256);

/// <summary>
/// The bytes of stored files, one file each under <c>{root}/{tenant}/{id}</c>. A file is written under a temporary
/// name first and moved into place whole, so a reader never sees half a file. Keys are made here, never taken from a
/// request, and every path is checked to stay under the root.
/// </summary>
public sealed partial class DiskFileStore(IOptions<FileStoreOptions> options)
{
    private string Root => Path.GetFullPath(options.Value.RootDirectory);

    public async Task<SavedBytes> SaveAsync(string tenantId, Guid id, Stream content, CancellationToken ct)
    {
        var key = $"{TenantSegment(tenantId)}/{id:N}";
        var target = PathOf(key);
        var incoming = PathOf($".incoming/{id:N}");
        Directory.CreateDirectory(Path.GetDirectoryName(incoming)!);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            await using (var file = new FileStream(incoming, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    size += read;
                }
            }
            File.Move(incoming, target);
        }
        catch
        {
            File.Delete(incoming);
            throw;
        }
        return new SavedBytes(key, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>The bytes for reading, or null when the disk no longer has them.</summary>
    public Stream? OpenRead(string storageKey)
    {
        var path = PathOf(storageKey);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    /// <summary>Removes the bytes of a file whose row was not saved.</summary>
    public void Delete(string storageKey) => File.Delete(PathOf(storageKey));

    public string PathOf(string storageKey)
    {
        var root = Root;
        var path = Path.GetFullPath(Path.Combine(root, storageKey));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException($"Storage key '{storageKey}' leaves the file store's root.");
        return path;
    }

    /// <summary>The tenant id as a directory name: as it is when it is a plain name, else a hash of it.</summary>
    private static string TenantSegment(string tenantId) => PlainName().IsMatch(tenantId)
        ? tenantId : "t-" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tenantId)))[..32];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex PlainName();
}
