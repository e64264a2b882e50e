using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

/// <summary>One department notice: <c>link</c> is the API path (through the gateway) of the handling.</summary>
public sealed record DepartmentNoticeView(Guid Id, string Kind, string Title, string Text, Guid HandlingId, Guid SubmissionId, string Link,
    DateTimeOffset OccurredAt, bool Read, DateTimeOffset? ReadAt)
{
    public static DepartmentNoticeView From(DepartmentNotice n) =>
        new(n.Id, n.Kind, n.Title, n.Text, n.HandlingId, n.SubmissionId, n.Link, n.OccurredAt, n.ReadAt is not null, n.ReadAt);
}

/// <summary>A page of the department's notices with its unread count (over all of them, whatever the filter).</summary>
public sealed record DepartmentNoticesPage(IReadOnlyList<DepartmentNoticeView> Items, int Page, int PageSize, int Total, int Unread);

/// <summary>
/// 承办单位通知: the notices of the caller's department (its people with the department role, or its system), newest
/// first, read and marked by that department only — the department comes from the token, never from the request, so
/// another department's notice is 404 and every other caller 403.
/// </summary>
public static class HandlingNoticesApi
{
    public static RouteGroupBuilder MapHandlingNoticesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/handlings/notices").WithTags("Handlings").RequireAuthorization(PlatformPolicies.DepartmentHandler);
        group.MapGet("/", ListAsync);
        group.MapGet("/unread-count", UnreadCountAsync);
        group.MapPost("/{id:guid}/read", MarkReadAsync).WithIdempotency();
        group.MapPost("/read-all", MarkAllReadAsync).WithIdempotency();
        return group;
    }

    private static IQueryable<DepartmentNotice> Ours(ReviewDbContext db, Caller caller)
    {
        var department = caller.DepartmentId ?? Guid.Empty;
        return db.DepartmentNotices.Where(n => n.DepartmentId == department);
    }

    /// <summary>Our notices, newest first; <c>unread=true</c>: only unread; <c>handlingId</c>: only those of one handling.</summary>
    public static async Task<Ok<DepartmentNoticesPage>> ListAsync(ReviewDbContext db, Caller caller, PageRequest page, CancellationToken ct,
        bool? unread = null, Guid? handlingId = null)
    {
        var ours = Ours(db, caller).AsNoTracking();
        var query = unread switch
        {
            true => ours.Where(n => n.ReadAt == null),
            false => ours.Where(n => n.ReadAt != null),
            null => ours,
        };
        if (handlingId is not null) query = query.Where(n => n.HandlingId == handlingId);
        var result = await query.OrderByDescending(n => n.OccurredAt).ThenByDescending(n => n.Seq).ToPageAsync(page, ct);
        var unreadCount = await ours.CountAsync(n => n.ReadAt == null, ct);
        return TypedResults.Ok(new DepartmentNoticesPage([.. result.Items.Select(DepartmentNoticeView.From)], result.Page, result.PageSize, result.Total,
            unreadCount));
    }

    public static async Task<Ok<UnreadCountView>> UnreadCountAsync(ReviewDbContext db, Caller caller, CancellationToken ct) =>
        TypedResults.Ok(new UnreadCountView(await Ours(db, caller).CountAsync(n => n.ReadAt == null, ct)));

    /// <summary>Marks one of our notices read (again: unchanged, the first time and reader kept); any other is 404.</summary>
    public static async Task<Results<Ok<DepartmentNoticeView>, ProblemHttpResult>> MarkReadAsync(Guid id, ReviewDbContext db, Caller caller,
        TimeProvider clock, CancellationToken ct)
    {
        var notice = await Ours(db, caller).FirstOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null) return ApiProblems.NotFound("Notice", id);
        if (notice.MarkRead(caller.Subject, clock.GetUtcNow())) await db.SaveChangesAsync(ct);
        return TypedResults.Ok(DepartmentNoticeView.From(notice));
    }

    /// <summary>Marks all our unread notices read; <c>marked</c> says how many were unread (0 the second time).</summary>
    public static async Task<Ok<ReadAllView>> MarkAllReadAsync(ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var by = caller.Subject.Length > DepartmentNotice.ReadByMaxLength ? caller.Subject[..DepartmentNotice.ReadByMaxLength] : caller.Subject;
        var marked = await Ours(db, caller).Where(n => n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now).SetProperty(n => n.ReadBy, by), ct);
        return TypedResults.Ok(new ReadAllView(marked, 0));
    }
}
