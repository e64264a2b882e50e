using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Files;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

/// <summary>
/// A handling reply's attachments for the people the reply is for: the item's authors (who cannot read review's file
/// store as such) and staff. Only a file some reply of that handling attached; anything else is 404.
/// </summary>
public static class HandlingAttachmentsApi
{
    public static RouteHandlerBuilder MapHandlingAttachmentsApi(this IEndpointRouteBuilder app) => app
        .MapGet("/handlings/{id:guid}/attachments/{fileId:guid}", DownloadAsync).WithTags("Handlings")
        .RequireAuthorization(p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.IsPerson() && !c.User.IsDepartment()))
        .WithETag();

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(Guid id, Guid fileId, ReviewDbContext db, Caller caller,
        DiskFileStore store, ILoggerFactory logs, CancellationToken ct)
    {
        // A person sees the handlings of items they wrote, staff all of the tenant's (HandlingVisibility).
        var handling = await db.VisibleHandlings(caller).AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, ct);
        if (handling is null) return ApiProblems.NotFound("Handling", id);
        if (!handling.Replies.Any(r => r.AttachmentFileIds.Contains(fileId))) return ApiProblems.NotFound("Attachment", fileId);
        return await FileStoreApi.DownloadAsync(fileId, db, caller, store, logs, ct);
    }
}
