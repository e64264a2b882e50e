using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain.Feedback;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

/// <summary>
/// 反馈: each person's inbox of the steps of their items (every co-author has their own), read and marked by that person
/// only; the outgoing messages of other channels and the tenant's channel setting, for its admin.
/// </summary>
public static class FeedbackApi
{
    public const string SettingsAuditAction = "feedback-settings-changed";

    public static RouteGroupBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/feedback").WithTags("Feedback");
        // A signed-in person (any role: staff write items too), never a partner system or a department: one's own inbox.
        var inbox = group.MapGroup("/inbox").RequireAuthorization(p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.IsPerson() && c.User.PersonId() is not null && !c.User.IsDepartment()));
        inbox.MapGet("/", InboxAsync);
        inbox.MapGet("/unread-count", UnreadCountAsync);
        inbox.MapPost("/{id:guid}/read", MarkReadAsync).WithIdempotency();
        inbox.MapPost("/read-all", MarkAllReadAsync).WithIdempotency();
        // What would go out on SMS and the like: the tenant's admin, or the platform's operator signed in to the tenant.
        group.MapGet("/outgoing", OutgoingAsync).RequireAuthorization(p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.IsPerson([PlatformRoles.TenantAdmin, PlatformRoles.PlatformOperator])));
        group.MapGet("/settings", SettingsAsync).RequireAuthorization(PlatformPolicies.TenantAdmin).WithETag();
        group.MapPut("/settings", SetSettingsAsync).RequireAuthorization(PlatformPolicies.TenantAdmin).WithETag();
        return group;
    }

    private static IQueryable<FeedbackMessage> Mine(ReviewDbContext db, Caller caller)
    {
        var self = caller.PersonId ?? Guid.Empty;
        return db.FeedbackMessages.Where(m => m.PersonId == self);
    }

    /// <summary>My messages, newest first (<c>order=asc</c>: oldest first, the item's story in order); <c>unread=true</c>: only
    /// unread; <c>submissionId</c>: only those about one item.</summary>
    public static async Task<Results<Ok<InboxPage>, ValidationProblem>> InboxAsync(ReviewDbContext db, Caller caller, PageRequest page,
        CancellationToken ct, bool? unread = null, string? order = null, Guid? submissionId = null)
    {
        var validator = new Validator().Check(order is null or "asc" or "desc", "order", "可选: asc (最早在前) 或 desc (最新在前, 默认)");
        if (!validator.IsValid) return validator.ToProblem();
        var mine = Mine(db, caller).AsNoTracking();
        var query = unread switch
        {
            true => mine.Where(m => m.ReadAt == null),
            false => mine.Where(m => m.ReadAt != null),
            null => mine,
        };
        if (submissionId is not null) query = query.Where(m => m.SubmissionId == submissionId);
        query = order == "asc" ? query.OrderBy(m => m.OccurredAt).ThenBy(m => m.Seq) : query.OrderByDescending(m => m.OccurredAt).ThenByDescending(m => m.Seq);
        var result = await query.ToPageAsync(page, ct);
        var unreadCount = await mine.CountAsync(m => m.ReadAt == null, ct);
        return TypedResults.Ok(new InboxPage([.. result.Items.Select(FeedbackMessageView.From)], result.Page, result.PageSize, result.Total, unreadCount));
    }

    public static async Task<Ok<UnreadCountView>> UnreadCountAsync(ReviewDbContext db, Caller caller, CancellationToken ct) =>
        TypedResults.Ok(new UnreadCountView(await Mine(db, caller).CountAsync(m => m.ReadAt == null, ct)));

    /// <summary>Marks one of my messages read (again: unchanged, the first time kept); anyone else's is 404.</summary>
    public static async Task<Results<Ok<FeedbackMessageView>, ProblemHttpResult>> MarkReadAsync(Guid id, ReviewDbContext db, Caller caller,
        TimeProvider clock, CancellationToken ct)
    {
        var message = await Mine(db, caller).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null) return ApiProblems.NotFound("Message", id);
        if (message.MarkRead(clock.GetUtcNow())) await db.SaveChangesAsync(ct);
        return TypedResults.Ok(FeedbackMessageView.From(message));
    }

    /// <summary>Marks all my unread messages read; <c>marked</c> says how many were unread (0 the second time).</summary>
    public static async Task<Ok<ReadAllView>> MarkAllReadAsync(ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var marked = await Mine(db, caller).Where(m => m.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, now), ct);
        return TypedResults.Ok(new ReadAllView(marked, 0));
    }

    /// <summary>The tenant's outgoing messages, newest first, by <c>status</c> (pending, sent, failed) and <c>channel</c>.</summary>
    public static async Task<Results<Ok<PagedList<OutgoingMessageView>>, ValidationProblem>> OutgoingAsync(ReviewDbContext db, PageRequest page,
        CancellationToken ct, string? status = null, string? channel = null, Guid? personId = null)
    {
        var validator = new Validator()
            .Check(ApiEnums.TryParse<OutgoingStatus>(status, out var wanted), "status", $"可选: {ApiEnums.Allowed<OutgoingStatus>()}")
            .Check(channel is null || FeedbackChannels.All.Contains(channel), "channel", $"可选: {string.Join(", ", FeedbackChannels.All)}");
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.OutgoingMessages.AsNoTracking();
        if (wanted is not null) query = query.Where(m => m.Status == wanted);
        if (channel is not null) query = query.Where(m => m.Channel == channel);
        if (personId is not null) query = query.Where(m => m.RecipientPersonId == personId);
        var result = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(OutgoingMessageView.From));
    }

    public static async Task<Ok<FeedbackSettingsView>> SettingsAsync(ReviewDbContext db, CancellationToken ct) =>
        TypedResults.Ok(FeedbackSettingsView.From(await db.FeedbackSettings.AsNoTracking().FirstOrDefaultAsync(ct)));

    /// <summary>Sets the channel every writer's feedback also goes out on (If-Match: the GET's ETag, "0" before any).</summary>
    public static async Task<Results<Ok<FeedbackSettingsView>, ValidationProblem, ProblemHttpResult>> SetSettingsAsync(FeedbackSettingsRequest request,
        IfMatch ifMatch, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var channel = request.DefaultChannel?.Trim();
        var validator = new Validator().Check(channel is not null && FeedbackChannels.All.Contains(channel), "defaultChannel",
            $"必填: inbox-only (仅站内消息) 或 sms (另发短信)");
        if (!validator.IsValid) return validator.ToProblem();
        var settings = await db.FeedbackSettings.FirstOrDefaultAsync(ct);
        if (settings is null ? !ifMatch.HoldsAbsent : !ifMatch.Holds(db, settings, s => s.Version)) return IfMatch.Stale("feedback settings");
        if (settings is null) db.FeedbackSettings.Add(settings = FeedbackSettings.Create(caller.TenantId));
        settings.Set(channel!, caller.Subject, clock.GetUtcNow());
        db.AddAudit(caller.TenantId, caller.Subject, SettingsAuditAction, "feedback settings", $"default channel {channel}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException error) when (error is DbUpdateConcurrencyException || error.IsUniqueViolation())
        {
            return IfMatch.Stale("feedback settings");
        }
        return TypedResults.Ok(FeedbackSettingsView.From(settings));
    }
}
