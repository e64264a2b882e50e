using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

public sealed record HandlingStepRequest(string? Comment = null);

/// <summary>A reply: <c>category</c> A 已解决, B 正在解决, C 列入计划 or D 暂不具备条件; attachments are files of review's store.</summary>
public sealed record ReplyRequest(string? Category, string? Text, IReadOnlyList<Guid>? AttachmentFileIds = null);

/// <summary><c>kind</c> transfer (with <c>toDepartmentId</c>) or extension (with <c>newDeadline</c>).</summary>
public sealed record HandlingAskRequest(string? Kind, string? Reason, Guid? ToDepartmentId = null, DateOnly? NewDeadline = null);

public sealed record HandlingDecisionRequest(bool? Approve, string? Comment = null);

/// <summary><c>rating</c> satisfied 满意, basically-satisfied 基本满意 or dissatisfied 不满意.</summary>
public sealed record RatingRequest(string? Rating, string? Comment = null);

/// <summary>
/// What happens to a handling after it is assigned: the lead department accepts, starts, replies and asks to transfer or
/// extend (its own queue only); staff decide the requests; the item's authors rate the reply. Every change needs the
/// handling's ETag as If-Match; the POSTs take an Idempotency-Key.
/// </summary>
public static class HandlingActionsApi
{
    private delegate Task<IResult?> Step(Handling handling, DateTimeOffset now, DateOnly today);

    public static RouteGroupBuilder MapHandlingActionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/handlings/{id:guid}").WithTags("Handlings");
        group.MapPost("/accept", AcceptAsync).RequireAuthorization(PlatformPolicies.DepartmentHandler).WithIdempotency();
        group.MapPost("/start", StartAsync).RequireAuthorization(PlatformPolicies.DepartmentHandler).WithIdempotency();
        group.MapPost("/reply", ReplyAsync).RequireAuthorization(PlatformPolicies.DepartmentHandler).WithIdempotency();
        group.MapPost("/requests", AskAsync).RequireAuthorization(PlatformPolicies.DepartmentHandler).WithIdempotency();
        group.MapPost("/requests/{requestId:guid}/decision", DecideAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        group.MapPost("/rating", RateAsync).RequireAuthorization(PlatformPolicies.HandlingReader).WithIdempotency();
        return group;
    }

    /// <summary>签收 (assigned → accepted).</summary>
    public static Task<Results<Ok<HandlingView>, ValidationProblem, ProblemHttpResult>> AcceptAsync(Guid id, IfMatch ifMatch, ReviewDbContext db,
        Caller caller, TimeProvider clock, CancellationToken ct) =>
        AsLeadAsync(id, ifMatch, db, caller, clock, "accepted", (h, now, _) => Done(h.Accept(now)), ct);

    /// <summary>开始办理 (accepted → in progress), with an optional comment.</summary>
    public static async Task<Results<Ok<HandlingView>, ValidationProblem, ProblemHttpResult>> StartAsync(Guid id, HandlingStepRequest? request,
        IfMatch ifMatch, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var comment = Blank(request?.Comment);
        var validator = new Validator().Optional("comment", comment, Handling.CommentMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        return await AsLeadAsync(id, ifMatch, db, caller, clock, "started", (h, now, _) => Done(h.Start(comment, now)), ct);
    }

    /// <summary>答复 (accepted or in progress → replied): raises HandlingReplied, on time when given by the deadline.</summary>
    public static async Task<Results<Ok<HandlingView>, ValidationProblem, ProblemHttpResult>> ReplyAsync(Guid id, ReplyRequest request,
        IfMatch ifMatch, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var text = request.Text?.Trim();
        var files = request.AttachmentFileIds ?? [];
        var category = ParseCategory(request.Category);
        var validator = new Validator()
            .Check(category is not null, "category", "必填: A (已解决), B (正在解决), C (列入计划) 或 D (暂不具备条件)")
            .Required("text", text, Handling.TextMaxLength)
            .Check(files.Count <= Handling.MaxAttachments, "attachmentFileIds", $"附件最多 {Handling.MaxAttachments} 个 (at most {Handling.MaxAttachments})")
            .Check(files.Distinct().Count() == files.Count, "attachmentFileIds", "附件不能重复 (each once)");
        if (!validator.IsValid) return validator.ToProblem();
        for (var i = 0; i < files.Count; i++)
            validator.Check(await CaseRecords.EvidenceExistsAsync(db, files[i], ct), $"attachmentFileIds[{i}]", "附件不存在，请先上传 (POST /files)");
        if (!validator.IsValid) return validator.ToProblem();
        return await AsLeadAsync(id, ifMatch, db, caller, clock, "replied",
            (h, now, today) => Done(h.Reply(category!.Value, text!, files, caller.Subject, now, today).Error), ct);
    }

    /// <summary>转办 / 延期 申请 by the lead department; staff decide it.</summary>
    public static async Task<Results<Ok<HandlingView>, ValidationProblem, ProblemHttpResult>> AskAsync(Guid id, HandlingAskRequest request,
        IfMatch ifMatch, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        var today = BodyCalendar.Today(clock.GetUtcNow());
        var kindOk = ApiEnums.TryParse<HandlingRequestKind>(request.Kind, out var kind) && kind is not null;
        var validator = new Validator()
            .Check(kindOk, "kind", "必填: transfer (转办) 或 extension (延期)")
            .Required("reason", reason, Handling.ReasonMaxLength)
            .Check(kind != HandlingRequestKind.Transfer || request.ToDepartmentId is not null, "toDepartmentId", "转办须指明承办单位 (required for a transfer)")
            .Check(kind != HandlingRequestKind.Extension || request.NewDeadline is not null, "newDeadline", "延期须给出新期限 (required for an extension), yyyy-MM-dd")
            .Check(kind != HandlingRequestKind.Extension || request.NewDeadline is null || request.NewDeadline > today, "newDeadline", "新期限须晚于今天 (after today)")
            .Check(kind != HandlingRequestKind.Extension || request.NewDeadline is null || request.NewDeadline <= today.AddDays(Handling.MaxDeadlineDays),
                "newDeadline", $"新期限不能超过 {Handling.MaxDeadlineDays} 天 (within {Handling.MaxDeadlineDays} days)");
        if (!validator.IsValid) return validator.ToProblem();
        Department? to = null;
        if (kind == HandlingRequestKind.Transfer)
        {
            to = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == request.ToDepartmentId && d.Active, ct);
            if (to is null || to.Id == caller.DepartmentId)
                return new Validator().Check(false, "toDepartmentId", "须是本单位另一个在用的承办单位 (another active department of the tenant)").ToProblem();
        }
        return await AsLeadAsync(id, ifMatch, db, caller, clock, $"asked {ApiEnums.Name(kind!.Value)}", (h, now, _) =>
        {
            if (kind == HandlingRequestKind.Extension && request.NewDeadline <= h.Deadline)
                return Task.FromResult<IResult?>(new Validator().Check(false, "newDeadline", "新期限须晚于原期限 (after the current deadline)").ToProblem());
            return Done(h.Ask(kind.Value, reason!, to, kind == HandlingRequestKind.Extension ? request.NewDeadline : null, caller.Subject, now).Error);
        }, ct);
    }

    /// <summary>Staff approve or refuse a department's pending request (recorded, announced as HandlingStatusChanged).</summary>
    public static async Task<Results<Ok<HandlingView>, ValidationProblem, ProblemHttpResult>> DecideAsync(Guid id, Guid requestId,
        HandlingDecisionRequest request, IfMatch ifMatch, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var comment = Blank(request.Comment);
        var validator = new Validator()
            .Check(request.Approve is not null, "approve", "必填: true (同意) 或 false (不同意)")
            .Optional("comment", comment, Handling.CommentMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        return await ChangeAsync(id, ifMatch, db, caller, clock, $"request {requestId} approve={request.Approve}", async (h, now, _) =>
        {
            Department? to = null;
            var asked = h.Requests.FirstOrDefault(r => r.Id == requestId);
            if (request.Approve == true && asked is { Kind: HandlingRequestKind.Transfer, ToDepartmentId: { } target })
            {
                to = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == target, ct);
                if (to is not { Active: true })
                    return ApiProblems.Conflict("department-inactive", "转办的承办单位已停用", "The department asked for is no longer active.");
            }
            return Outcome(h.Decide(requestId, request.Approve!.Value, comment, to, caller.Subject, now));
        }, ct);
    }

    /// <summary>评价 by one of the item's authors (满意 / 基本满意 close it; 不满意 reopens it once, then closes it).</summary>
    public static async Task<Results<Ok<HandlingView>, ValidationProblem, ProblemHttpResult>> RateAsync(Guid id, RatingRequest request,
        IfMatch ifMatch, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var comment = Blank(request.Comment);
        var ok = ApiEnums.TryParse<HandlingRating>(request.Rating, out var rating) && rating is not null;
        var validator = new Validator()
            .Check(ok, "rating", "必填: satisfied (满意), basically-satisfied (基本满意) 或 dissatisfied (不满意)")
            .Optional("comment", comment, Handling.CommentMaxLength)
            .Check(rating != HandlingRating.Dissatisfied || comment is not null, "comment", "不满意时请说明理由 (required when dissatisfied)");
        if (!validator.IsValid) return validator.ToProblem();
        // Looked up first (404 when not visible), then: only a person among the item's authors rates, never a department.
        return await ChangeAsync(id, ifMatch, db, caller, clock, $"rated {request.Rating}", (h, now, today) =>
            caller is { PersonId: { } person, DepartmentId: null } && h.AuthorPersonIds.Contains(person)
                ? Done(h.Rate(person, rating!.Value, comment, now, today).Error)
                : Task.FromResult<IResult?>(ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-an-author", "只有该信息的作者才能评价答复",
                    "Only the item's authors rate its reply.")), ct);
    }

    // ---- the shared shape: visible, If-Match, the lead department, the rule, audit, save ----

    private static Task<Results<Ok<HandlingView>, ValidationProblem, ProblemHttpResult>> AsLeadAsync(Guid id, IfMatch ifMatch, ReviewDbContext db,
        Caller caller, TimeProvider clock, string what, Step step, CancellationToken ct) =>
        ChangeAsync(id, ifMatch, db, caller, clock, what, (h, now, today) => caller.LeadsIt(h) ? step(h, now, today)
            : Task.FromResult<IResult?>(ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-lead-department", "只有主办单位可以办理",
                "Only the lead department acts on the handling; co-handling departments read it.")), ct);

    private static async Task<Results<Ok<HandlingView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(Guid id, IfMatch ifMatch,
        ReviewDbContext db, Caller caller, TimeProvider clock, string what, Step step, CancellationToken ct)
    {
        var handling = await db.VisibleHandlings(caller).FirstOrDefaultAsync(h => h.Id == id, ct);
        if (handling is null) return ApiProblems.NotFound("Handling", id);
        if (!ifMatch.Holds(db, handling, h => h.Version)) return IfMatch.Stale("handling");
        var now = clock.GetUtcNow();
        var today = BodyCalendar.Today(now);
        switch (await step(handling, now, today))
        {
            case ValidationProblem invalid: return invalid;
            case ProblemHttpResult refused: return refused;
        }
        db.AddAudit(caller.TenantId, caller.Subject, HandlingsApi.AuditAction, $"handling {id} (submission {handling.SubmissionId})", what);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("handling");
        }
        return TypedResults.Ok(HandlingView.From(handling, today));
    }

    private static Task<IResult?> Done(Outcome outcome) => Done(outcome.Error);

    private static Task<IResult?> Done(DomainError? error) => Task.FromResult<IResult?>(error is null ? null : ApiProblems.Refused(error));

    private static IResult? Outcome(Outcome outcome) => outcome.Error is null ? null : ApiProblems.Refused(outcome.Error);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The letter A–D (either case).</summary>
    public static ReplyCategory? ParseCategory(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "A" => ReplyCategory.A,
        "B" => ReplyCategory.B,
        "C" => ReplyCategory.C,
        "D" => ReplyCategory.D,
        _ => null,
    };
}
