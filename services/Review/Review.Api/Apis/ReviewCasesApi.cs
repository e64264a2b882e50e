using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.Security;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;

namespace SheqingMinyi.Review.Apis;

/// <summary><c>toStage</c>: with <c>return</c>, an earlier stage to send the case back to (not the writer).</summary>
public sealed record DecisionRequest(DecisionAction? Action, AdoptionLevel? AdoptionLevel, string? Comment, string? ToStage = null);

public sealed record DecisionView(Guid Id, string Stage, DecisionAction Action, AdoptionLevel? AdoptionLevel, string? Comment, DateTimeOffset DecidedAt);

public sealed record ReviewCaseView(
    Guid Id, Guid SubmissionId, string Title, Guid AuthorPersonId, Guid UnitId, ReviewCaseStatus Status,
    string Stage, string StageRole, int Round, DateTimeOffset OpenedAt, DateTimeOffset UpdatedAt, IReadOnlyList<DecisionView> Decisions,
    bool Restricted = false, DateTimeOffset? WithdrawnAt = null,
    IReadOnlyList<AuthorShare>? Authors = null, IReadOnlyList<UnitShare>? Units = null, int ContentVersion = 1,
    int WorkflowVersion = 0, DateTimeOffset? StageStartedAt = null, DateTimeOffset? DueAt = null, bool Overdue = false, int OverdueDays = 0,
    Guid? Assignee = null, IReadOnlyList<ChecklistView>? Checklists = null, IReadOnlyList<AdoptionView>? Adoptions = null,
    IReadOnlyList<InstructionView>? Instructions = null) : IVersioned
{
    /// <summary>The row version read: the ETag, not part of the body.</summary>
    public uint Version { get; init; }
    /// <summary>转报 (on GET of one case): where this tenant forwarded the item, and the parent's decision.</summary>
    public CaseForwardingView? Forwarding { get; init; }
    /// <summary>下级转报 (on GET of one case): the child body a forwarded copy came from.</summary>
    public CaseOriginView? Origin { get; init; }

    /// <summary>The case as its workflow version names it; due and overdue as of <paramref name="now"/> (open cases only:
    /// the stage's time limit in calendar days of 24 hours from when the case reached the stage).</summary>
    public static ReviewCaseView From(ReviewCase c, ReviewWorkflow workflow, DateTimeOffset now, IReadOnlyList<Adoption>? ladder = null,
        IReadOnlyList<LeaderInstruction>? instructions = null)
    {
        DateTimeOffset? due = c.Status == ReviewCaseStatus.Open ? c.StageStartedAt.AddDays(workflow[c.StageIndex].TimeLimitDays) : null;
        var late = due is { } d && now > d ? now - d : TimeSpan.Zero;
        return Base(c, workflow) with
        {
            WorkflowVersion = c.WorkflowVersion, StageStartedAt = c.StageStartedAt, DueAt = due, Overdue = late > TimeSpan.Zero,
            OverdueDays = late > TimeSpan.Zero ? (int)Math.Ceiling(late.TotalDays) : 0, Assignee = c.AssigneePersonId,
            Checklists = [.. c.Checklists.Select(x => ChecklistView.From(x, c, workflow))],
            Adoptions = ladder?.Select(AdoptionView.From).ToList(),
            Instructions = instructions?.Select(InstructionView.From).ToList(),
        };
    }

    private static ReviewCaseView Base(ReviewCase c, ReviewWorkflow workflow) => new(c.Id, c.SubmissionId, c.Title, c.AuthorPersonId,
        c.UnitId, c.Status, workflow[c.StageIndex].Name, workflow[c.StageIndex].Role, c.Round, c.OpenedAt, c.UpdatedAt,
        [.. c.Decisions.OrderBy(d => d.DecidedAt).Select(d => new DecisionView(d.Id, d.Stage, d.Action, d.AdoptionLevel, d.Comment, d.DecidedAt))],
        c.IsRestricted, c.WithdrawnAt, c.Authors, c.Units, c.ContentVersion)
    { Version = c.Version };
}

/// <summary>审核: review cases and the decisions taken on them, stage by stage.</summary>
public static class ReviewCasesApi
{
    public const int CommentMaxLength = 2000;

    public static RouteGroupBuilder MapReviewCasesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/cases").WithTags("Review cases");
        group.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.ReviewReader);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(PlatformPolicies.ReviewReader).WithETag();
        group.MapPost("/{id:guid}/decisions", DecideAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        group.MapChecklistApi();
        group.MapAssignApi();
        return group;
    }

    public static async Task<Results<Ok<PagedList<ReviewCaseView>>, ValidationProblem>> ListAsync(
        ReviewDbContext db, Caller caller, PageRequest page, TimeProvider clock, CancellationToken ct, string? status = null, Guid? submissionId = null)
    {
        var validator = new Validator()
            .Check(ApiEnums.TryParse<ReviewCaseStatus>(status, out var wanted), "status", $"可选: {ApiEnums.Allowed<ReviewCaseStatus>()}");
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.Visible(caller).AsNoTracking();
        if (wanted is not null) query = query.Where(c => c.Status == wanted);
        if (submissionId is not null) query = query.Where(c => c.SubmissionId == submissionId);
        var result = await query.OrderByDescending(c => c.OpenedAt).ToPageAsync(page, ct);
        var workflows = await db.AllWorkflowsAsync(ct);
        return TypedResults.Ok(result.Select(c => ReviewCaseView.From(c, workflows.For(c), clock.GetUtcNow())));
    }

    /// <summary>One case with its adoption ladder and leader instructions (recording either touches the case, so the ETag covers them).</summary>
    public static async Task<Results<Ok<ReviewCaseView>, ProblemHttpResult>> GetAsync(Guid id, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct) =>
        await db.Visible(caller).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) is { } reviewCase
            ? TypedResults.Ok(await ReviewCaseView.From(reviewCase, await db.WorkflowAsync(reviewCase.WorkflowVersion, ct), clock.GetUtcNow(),
                await AdoptionLadder.OfAsync(db, reviewCase.SubmissionId, ct), await LeaderInstructions.OfAsync(db, reviewCase.SubmissionId, ct))
                .WithForwardingAsync(reviewCase, db, ct))
            : ApiProblems.NotFound("Review case", id);

    /// <summary>Takes a decision at the case's current stage; outcomes that concern the writer raise events.</summary>
    public static async Task<Results<Ok<ReviewCaseView>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, DecisionRequest request, IfMatch ifMatch, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Check(request.Action is not null, "action", "必填: pass, return, reject 或 adopt")
            .Optional("comment", request.Comment, CommentMaxLength)
            .Check(request.ToStage is null || request.Action == DecisionAction.Return, "toStage", "只有退回 (return) 可以指定退回的审核阶段");
        if (!validator.IsValid) return validator.ToProblem();

        var reviewCase = await db.Visible(caller).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (reviewCase is null) return ApiProblems.NotFound("Review case", id);
        if (!ifMatch.Holds(db, reviewCase, c => c.Version)) return IfMatch.Stale("review case");
        // The case's own workflow version says who decides at its current stage.
        var workflow = await db.WorkflowAsync(reviewCase.WorkflowVersion, ct);
        if (reviewCase.Status == ReviewCaseStatus.Open && StageAccess.Refusal(workflow[reviewCase.StageIndex], caller) is { } refusal)
            return refusal;
        if (request.ToStage is { } toStage && !(workflow.IndexOf(toStage) is var target && target >= 0 && target < reviewCase.StageIndex))
            return new Validator().Check(false, "toStage", $"须为“{workflow[reviewCase.StageIndex].Name}”之前的审核阶段: "
                + string.Join(", ", workflow.Stages.Take(reviewCase.StageIndex).Select(s => s.Name))).ToProblem();
        var now = clock.GetUtcNow();
        var outcome = reviewCase.Decide(workflow, request.Action!.Value, request.AdoptionLevel, request.Comment?.Trim(), now, request.ToStage);
        if (outcome is { Error: { } refused }) return ApiProblems.Refused(refused);
        var decision = outcome.Value!;
        db.Add(decision);
        if (decision.Action == DecisionAction.Adopt)
        {
            // The adopt decision is the ladder's first record (own body, or the level the decider named).
            var recorded = await AdoptionLadder.RecordAsync(db, reviewCase, decision.AdoptionLevel!.Value, AdoptionSource.Decision,
                BodyCalendar.Today(now), now, caller.Subject, ct: ct);
            if (recorded is { Error: { } taken }) return ApiProblems.Refused(taken);
        }
        db.AddAudit(caller.TenantId, caller.Subject, AuditActions.ReviewDecision,
            $"review case {reviewCase.Id} (submission {reviewCase.SubmissionId}) at {decision.Stage}",
            request.AdoptionLevel is { } level && request.Action == DecisionAction.Adopt
                ? $"adopt {ApiEnums.Name(level)}" : ApiEnums.Name(request.Action!.Value));

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("review case"); // another decision committed after this one read the case
        }
        catch (DbUpdateException e) when (AdoptionLadder.IsLevelTaken(e))
        {
            return ApiProblems.Refused(AdoptionLadder.AlreadyAdopted(decision.AdoptionLevel!.Value)); // recorded meanwhile (e.g. forwarded)
        }
        return TypedResults.Ok(ReviewCaseView.From(reviewCase, workflow, now, await AdoptionLadder.OfAsync(db, reviewCase.SubmissionId, ct)));
    }
}

/// <summary>The 403 for a caller who may not act at a stage: not its role, or not one of its named reviewers.</summary>
public static class StageAccess
{
    public static ProblemHttpResult? Refusal(ReviewStage stage, Caller caller) =>
        stage.MayDecide(caller) ? null
        : caller.IsInRole(stage.Role)
            ? ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-stage-reviewer", "您不是此审核阶段指定的审核人",
                $"{stage.Name} is decided only by its named reviewers.")
            : ApiProblems.Problem(StatusCodes.Status403Forbidden, "wrong-stage-role", "无权在此审核阶段作出决定",
                $"{stage.Name} is decided by the {stage.Role} role.");
}
