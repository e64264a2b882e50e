using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;

namespace SheqingMinyi.Identity.Apis;

public sealed record WebhookNoticeView(Guid Id, string Kind, string Title, string Text, Guid EndpointId, string ClientId, string Url,
    DateTimeOffset OccurredAt, bool Read, DateTimeOffset? ReadAt, string? ReadBy)
{
    public static WebhookNoticeView From(WebhookNotice n) =>
        new(n.Id, n.Kind, n.Title, n.Text, n.EndpointId, n.ClientId, n.Url, n.OccurredAt, n.ReadAt is not null, n.ReadAt, n.ReadBy);
}

/// <summary>A page of the tenant's webhook notices with the unread count (over all of them, whatever the filter).</summary>
public sealed record WebhookNoticesPage(IReadOnlyList<WebhookNoticeView> Items, int Page, int PageSize, int Total, int Unread);

/// <summary>
/// 推送地址通知 beside the endpoints, for the tenant admin (the webhooks group's policy): an endpoint identity switched off
/// after its retries ran out. The tenant's rows only (query filter and row security), newest first.
/// </summary>
public static class WebhookNoticesApi
{
    public static RouteGroupBuilder MapWebhookNotices(this RouteGroupBuilder webhooks)
    {
        webhooks.MapGet("/notices", ListAsync);
        webhooks.MapPost("/notices/{noticeId:guid}/read", MarkReadAsync).WithIdempotency();
        return webhooks;
    }

    /// <summary>Newest first; <c>unread=true|false</c> narrows it; <c>endpointId</c>: one endpoint's.</summary>
    public static async Task<Ok<WebhookNoticesPage>> ListAsync(IdentityDbContext db, PageRequest page, CancellationToken ct,
        bool? unread = null, Guid? endpointId = null)
    {
        var all = db.WebhookNotices.AsNoTracking();
        var query = unread switch
        {
            true => all.Where(n => n.ReadAt == null),
            false => all.Where(n => n.ReadAt != null),
            null => all,
        };
        if (endpointId is not null) query = query.Where(n => n.EndpointId == endpointId);
        var result = await query.OrderByDescending(n => n.OccurredAt).ThenByDescending(n => n.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(new WebhookNoticesPage([.. result.Items.Select(WebhookNoticeView.From)], result.Page, result.PageSize, result.Total,
            await all.CountAsync(n => n.ReadAt == null, ct)));
    }

    /// <summary>Marks a notice read for all the tenant's admins (again: unchanged, the first time and reader kept).</summary>
    public static async Task<Results<Ok<WebhookNoticeView>, ProblemHttpResult>> MarkReadAsync(Guid noticeId, IdentityDbContext db, Caller caller,
        TimeProvider clock, CancellationToken ct)
    {
        var notice = await db.WebhookNotices.FirstOrDefaultAsync(n => n.Id == noticeId, ct);
        if (notice is null) return ApiProblems.NotFound("Notice", noticeId);
        if (notice.MarkRead(caller.Subject, clock.GetUtcNow())) await db.SaveChangesAsync(ct);
        return TypedResults.Ok(WebhookNoticeView.From(notice));
    }
}
