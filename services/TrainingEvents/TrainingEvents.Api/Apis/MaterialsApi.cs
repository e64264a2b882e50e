using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Files;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Security;
using SheqingMinyi.TrainingEvents.Data;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Apis;

/// <summary>
/// 培训材料 as files: staff upload them to an event (the platform's file store: PDF, JPEG or PNG, size-checked, by
/// their bytes), whoever may see the event downloads them, staff delete them (If-Match on the event). Listed on the
/// event beside the links (materialFiles).
/// </summary>
public static class MaterialsApi
{
    public const string TitleField = "title";

    public static IEndpointRouteBuilder MapMaterialsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/events/{id:guid}/materials").WithTags("Training events").RequireAuthorization(PlatformPolicies.TrainingReader);
        // A bearer-token API (no cookies): antiforgery does not apply to the upload.
        group.MapPost("/", UploadAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency().DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data");
        group.MapGet("/{fileId:guid}", DownloadAsync).WithETag();
        group.MapDelete("/{fileId:guid}", DeleteAsync).RequireAuthorization(PlatformPolicies.Staff);
        return app;
    }

    /// <summary>Form fields <c>file</c> and an optional <c>title</c> (default the file's name).</summary>
    public static async Task<Results<Created<MaterialFile>, ProblemHttpResult>> UploadAsync(Guid id, HttpRequest request, TrainingDbContext db,
        Caller caller, DiskFileStore store, IOptions<FileStoreOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (!await db.Events.AnyAsync(t => t.Id == id, ct)) return ApiProblems.NotFound("Training event", id);
        var (upload, refused) = await FileUpload.ReadAsync(request, options.Value.MaxBytes, ct);
        if (refused is not null) return refused;
        var title = request.Form[TitleField].ToString().Trim();
        if (title.Length > 200)
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "validation-failed", "材料标题不能超过 200 个字符", "The title is at most 200 characters.");
        var fileId = Guid.CreateVersion7();
        SavedBytes saved;
        await using (var content = upload!.File.OpenReadStream())
            saved = await store.SaveAsync(caller.TenantId, fileId, content, ct);
        var now = clock.GetUtcNow();
        try
        {
            var result = await db.LockedAsync<Results<Created<MaterialFile>, ProblemHttpResult>>(id, training =>
            {
                if (training is null) return Task.FromResult<(Results<Created<MaterialFile>, ProblemHttpResult>, bool)>((ApiProblems.NotFound("Training event", id), false));
                var material = new MaterialFile(fileId, title.Length > 0 ? title : upload.FileName, upload.FileName, upload.ContentType, saved.Size, now);
                if (training.AttachMaterial(material, now) is { Error: { } error })
                    return Task.FromResult<(Results<Created<MaterialFile>, ProblemHttpResult>, bool)>((ApiProblems.Refused(error), false));
                db.Add(new StoredFile
                {
                    Id = fileId, TenantId = caller.TenantId, FileName = upload.FileName, ContentType = upload.ContentType, Size = saved.Size,
                    Sha256 = saved.Sha256, StorageKey = saved.StorageKey, UploadedBy = caller.Subject, UploadedAt = now,
                });
                db.AddAudit(caller.TenantId, caller.Subject, "training.material-uploaded", $"events/{id}/materials/{fileId}", $"{upload.ContentType}, {saved.Size} bytes");
                return Task.FromResult<(Results<Created<MaterialFile>, ProblemHttpResult>, bool)>(
                    (TypedResults.Created($"/events/{id}/materials/{fileId}", material), true));
            }, ct);
            if (result.Result is not Created<MaterialFile>) store.Delete(saved.StorageKey); // refused: no row, no bytes
            return result;
        }
        catch
        {
            store.Delete(saved.StorageKey);
            throw;
        }
    }

    /// <summary>Only a file the event (of the caller's tenant) lists as a material; anything else is 404.</summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(Guid id, Guid fileId, TrainingDbContext db, Caller caller,
        DiskFileStore store, ILoggerFactory logs, CancellationToken ct)
    {
        var training = await db.Events.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (training is null) return ApiProblems.NotFound("Training event", id);
        if (training.MaterialFiles.All(m => m.FileId != fileId)) return ApiProblems.NotFound("Material", fileId);
        return await FileStoreApi.DownloadAsync(fileId, db, caller, store, logs, ct);
    }

    /// <summary>Removes the material and its file (If-Match: the event's ETag); audited; the bytes go once it committed.</summary>
    public static async Task<Results<Ok<TrainingEventView>, ProblemHttpResult>> DeleteAsync(Guid id, Guid fileId, IfMatch ifMatch, TrainingDbContext db,
        Caller caller, DiskFileStore store, TimeProvider clock, CancellationToken ct)
    {
        string? storageKey = null;
        var result = await db.LockedAsync<Results<Ok<TrainingEventView>, ProblemHttpResult>>(id, async training =>
        {
            if (training is null) return (ApiProblems.NotFound("Training event", id), false);
            if (!ifMatch.Holds(db, training, t => t.Version)) return (IfMatch.Stale("training event"), false);
            if (training.RemoveMaterial(fileId, clock.GetUtcNow()) is { Error: { } error })
                return (error.Code == "not-found" ? ApiProblems.NotFound("Material", fileId) : ApiProblems.Refused(error), false);
            if (await db.Set<StoredFile>().FirstOrDefaultAsync(f => f.Id == fileId, ct) is { } file)
            {
                db.Remove(file);
                storageKey = file.StorageKey;
            }
            db.AddAudit(caller.TenantId, caller.Subject, "training.material-deleted", $"events/{id}/materials/{fileId}", "deleted");
            return (TypedResults.Ok(TrainingEventView.From(training, await TrainingEventsApi.CountsAsync(db, id, ct))), true);
        }, ct);
        if (result.Result is Ok<TrainingEventView> && storageKey is not null) store.Delete(storageKey);
        return result;
    }
}
