namespace SheqingMinyi.BuildingBlocks.Files;

/// <summary>
/// Configuration section <c>Files</c>: <c>Files:RootDirectory</c>, where the bytes of uploaded files are kept (default
/// <c>{temp}/sqmy-files/{application name}</c>: set it to a kept directory anywhere files must survive a reboot), and
/// <c>Files:MaxBytes</c>, the largest file accepted (default 10 MB).
/// </summary>
public sealed class FileStoreOptions
{
    public const string Section = "Files";
    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    public string RootDirectory { get; set; } = "";
    public long MaxBytes { get; set; } = DefaultMaxBytes;
}
