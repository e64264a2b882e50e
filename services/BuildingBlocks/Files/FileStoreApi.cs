using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;

namespace SheqingMinyi.BuildingBlocks.Files;

public sealed record StoredFileView(Guid Id, string FileName, string ContentType, long Size, string Sha256, string UploadedBy, DateTimeOffset UploadedAt)
{
    public static StoredFileView From(StoredFile f) => new(f.Id, f.FileName, f.ContentType, f.Size, f.Sha256, f.UploadedBy, f.UploadedAt);
}

/// <summary>
/// The tenant's file store as a service maps it under its own path (<c>POST /files</c> upload, <c>GET /files/{id}</c>
/// download): the service's context must map the table (<c>MapFileStore</c>) and its host add the store
/// (<see cref="FileStoreHosting.AddFileStore"/>). Another tenant's file is 404, as if it did not exist.
/// </summary>
public static class FileStoreApi
{
    public const string Uploaded = "file-uploaded";

    public static RouteGroupBuilder MapFileStoreApi<TContext>(this IEndpointRouteBuilder app, string uploadPolicy, string readPolicy)
        where TContext : DbContext
    {
        var group = app.MapGroup("/files").WithTags("Files");
        // A bearer-token API (no cookies): antiforgery does not apply to the upload.
        group.MapPost("/", UploadAsync<TContext>).RequireAuthorization(uploadPolicy).WithIdempotency().DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data");
        group.MapGet("/{id:guid}", DownloadAsync<TContext>).RequireAuthorization(readPolicy).WithETag();
        return group;
    }

    /// <summary>Stores one PDF, JPEG or PNG (form field <c>file</c>); 201 with its description.</summary>
    public static async Task<Results<Created<StoredFileView>, ProblemHttpResult>> UploadAsync<TContext>(HttpRequest request, TContext db,
        Caller caller, DiskFileStore store, IOptions<FileStoreOptions> options, TimeProvider clock, CancellationToken ct) where TContext : DbContext
    {
        var (upload, refused) = await FileUpload.ReadAsync(request, options.Value.MaxBytes, ct);
        if (refused is not null) return refused;
        var id = Guid.CreateVersion7();
        SavedBytes saved;
        await using (var content = upload!.File.OpenReadStream())
            saved = await store.SaveAsync(caller.TenantId, id, content, ct);
        var file = new StoredFile
        {
            Id = id, TenantId = caller.TenantId, FileName = upload.FileName, ContentType = upload.ContentType, Size = saved.Size,
            Sha256 = saved.Sha256, StorageKey = saved.StorageKey, UploadedBy = caller.Subject, UploadedAt = clock.GetUtcNow(),
        };
        db.Add(file);
        db.AddAudit(caller.TenantId, caller.Subject, Uploaded, $"file {id}", $"{file.ContentType}, {file.Size} bytes");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            store.Delete(saved.StorageKey); // no row, no bytes
            throw;
        }
        return TypedResults.Created($"/files/{id}", StoredFileView.From(file));
    }

    /// <summary>The file's bytes as uploaded, with its type and name; its ETag is its hash (If-None-Match gives 304).</summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync<TContext>(Guid id, TContext db, Caller caller,
        DiskFileStore store, ILoggerFactory logs, CancellationToken ct) where TContext : DbContext
    {
        var tenant = caller.TenantId;
        var file = await db.Set<StoredFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id && f.TenantId == tenant, ct);
        if (file is null) return ApiProblems.NotFound("File", id);
        return Serve(file, store, logs);
    }

    /// <summary>The bytes of a file the caller was found allowed to read (by whatever rule its endpoint has, e.g. a
    /// guest's access to a shared event's materials); its ETag is its hash.</summary>
    public static Results<FileStreamHttpResult, ProblemHttpResult> Serve(StoredFile file, DiskFileStore store, ILoggerFactory logs)
    {
        if (store.OpenRead(file.StorageKey) is not { } content)
        {
            logs.CreateLogger("SheqingMinyi.Files").LogError("The bytes of file {FileId} ({Key}) are missing from the store", file.Id, file.StorageKey);
            return ApiProblems.Problem(StatusCodes.Status500InternalServerError, "file-unavailable", "文件暂时无法读取",
                $"File '{file.Id}' is recorded but its bytes are missing from the store.");
        }
        return TypedResults.File(content, file.ContentType, file.FileName, entityTag: new EntityTagHeaderValue($"\"{file.Sha256[..32]}\""));
    }
}
