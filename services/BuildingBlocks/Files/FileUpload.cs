using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using SheqingMinyi.BuildingBlocks.Http;

namespace SheqingMinyi.BuildingBlocks.Files;

/// <summary>An upload that passed the checks: the form's file, its type as its bytes prove it, and a clean name.</summary>
public sealed record CheckedUpload(IFormFile File, string ContentType, string FileName);

/// <summary>
/// Reads and checks a multipart upload (form field <c>file</c>) before anything is stored: present, not empty, at most
/// <see cref="FileStoreOptions.MaxBytes"/> (413 otherwise), of an accepted type by its first bytes, and declared as
/// that type. Each refusal is a problem with a code of its own and a Chinese title.
/// </summary>
public static class FileUpload
{
    public const string FieldName = "file";
    /// <summary>What a multipart form adds around the file (boundaries, part headers).</summary>
    private const long FormOverhead = 64 * 1024;

    public static async Task<(CheckedUpload?, ProblemHttpResult?)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes + FormOverhead) return (null, TooLarge(maxBytes));
        if (!request.HasFormContentType) return (null, Missing("Expected multipart/form-data with a 'file' field."));
        // The limit of this request only, not the server's: a larger body fails the read, not the whole service.
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = maxBytes + FormOverhead }));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException error)
        {
            return (null, request.ContentLength is null || request.ContentLength > maxBytes ? TooLarge(maxBytes) : Missing(error.Message));
        }
        if (form.Files.GetFile(FieldName) is not { } file) return (null, Missing("The form has no 'file' field."));
        if (file.Length == 0) return (null, Bad("file-empty", "上传的文件为空", "The uploaded file has no bytes."));
        if (file.Length > maxBytes) return (null, TooLarge(maxBytes));

        var declared = FileTypes.Normalise(file.ContentType);
        var head = new byte[FileTypes.SniffLength];
        int read;
        await using (var stream = file.OpenReadStream())
            read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var actual = FileTypes.Detect(head.AsSpan(0, read));
        if (actual is null)
            return (null, Bad("file-type-not-allowed", "仅接受 PDF、JPEG、PNG 格式的文件",
                $"The file's content is none of {string.Join(", ", FileTypes.Allowed)} (told by its first bytes)."));
        if (declared != actual)
            return (null, Bad("file-type-mismatch", "文件内容与声明的类型不符",
                $"The upload declares '{declared}' but its content is {actual}; declare the type it is."));
        return (new CheckedUpload(file, actual, CleanName(file.FileName, actual)), null);
    }

    /// <summary>The uploader's file name without any path or control characters, bounded; a generic name when none is left.</summary>
    public static string CleanName(string? name, string contentType)
    {
        var bare = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var clean = new string([.. bare.Where(c => !char.IsControl(c) && c != '"')]).Trim();
        if (clean.Length == 0) clean = "file" + FileTypes.ExtensionOf(contentType);
        return clean.Length <= StoredFile.FileNameMaxLength ? clean : clean[^StoredFile.FileNameMaxLength..];
    }

    private static ProblemHttpResult TooLarge(long maxBytes) => ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "file-too-large",
        $"文件过大，不能超过 {maxBytes / 1024 / 1024} MB", $"At most {maxBytes} bytes are accepted.");

    private static ProblemHttpResult Missing(string detail) => Bad("file-missing", "请以 multipart/form-data 上传文件 (字段名 file)", detail);

    private static ProblemHttpResult Bad(string code, string title, string detail) =>
        ApiProblems.Problem(StatusCodes.Status400BadRequest, code, title, detail);
}
