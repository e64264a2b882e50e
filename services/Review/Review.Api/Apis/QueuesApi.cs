using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

public sealed record AssignRequest(Guid? ReviewerPersonId);

/// <summary>分配 and the work queues: cases assigned to me, cases at my stages, cases past their stage's time limit.</summary>
public static class QueuesApi
{
    public static void MapAssignApi(this RouteGroupBuilder cases) =>
        cases.MapPost("/{id:guid}/assign", AssignAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();

    public static RouteGroupBuilder MapQueuesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/queues").WithTags("Review queues").RequireAuthorization(PlatformPolicies.Staff);
        group.MapGet("/mine", MineAsync);
        group.MapGet("/stage", StageAsync);
        group.MapGet("/overdue", OverdueAsync);
        return group;
    }

    /// <summary>Names the current stage's reviewer: staff of the stage's role, the director or the tenant's admin may;
    /// the person must be one of the stage's named reviewers when it names any.</summary>
    public static async Task<Results<Ok<ReviewCaseView>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        Guid id, AssignRequest request, IfMatch ifMatch, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("reviewerPersonId", request.ReviewerPersonId);
        if (!validator.IsValid) return validator.ToProblem();
        var reviewCase = await db.Visible(caller).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (reviewCase is null) return ApiProblems.NotFound("Review case", id);
        // A person of this tenant (the people directory), whoever the stage names.
        if (!(await validator.CheckPersonAsync(db, "reviewerPersonId", request.ReviewerPersonId, ct)).IsValid) return validator.ToProblem();
        if (!ifMatch.Holds(db, reviewCase, c => c.Version)) return IfMatch.Stale("review case");
        var workflow = await db.WorkflowAsync(reviewCase.WorkflowVersion, ct);
        var stage = workflow[reviewCase.StageIndex];
        if (!caller.IsInRole(stage.Role) && !caller.IsInRole(PlatformRoles.Director) && !caller.IsInRole(PlatformRoles.TenantAdmin))
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-allowed-to-assign", "无权分配此审核阶段",
                $"{stage.Name} is assigned by its {stage.Role} staff, the director or the tenant's admin.");
        if (stage.Reviewers.Count > 0 && !stage.Reviewers.Contains(request.ReviewerPersonId!.Value))
            return new Validator().Check(false, "reviewerPersonId", $"不是“{stage.Name}”指定的审核人 (not a named reviewer of the stage)").ToProblem();
        var now = clock.GetUtcNow();
        if (reviewCase.Assign(workflow, request.ReviewerPersonId!.Value, now) is { Error: { } refused }) return ApiProblems.Refused(refused);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("review case");
        }
        return TypedResults.Ok(ReviewCaseView.From(reviewCase, workflow, now));
    }

    /// <summary>Open cases assigned to the caller, longest waiting at their stage first.</summary>
    public static async Task<Ok<PagedList<ReviewCaseView>>> MineAsync(ReviewDbContext db, Caller caller, PageRequest page, TimeProvider clock, CancellationToken ct)
    {
        var self = caller.PersonId ?? Guid.Empty;
        var query = db.Visible(caller).AsNoTracking().Where(c => c.Status == ReviewCaseStatus.Open && c.AssigneePersonId == self);
        return await PageAsync(db, query.OrderBy(c => c.StageStartedAt).ThenBy(c => c.Id), page, clock, ct);
    }

    /// <summary>Open cases at the stages the caller may decide (their role, and named among the reviewers where a
    /// stage names any; the chair: every stage), assigned or not.</summary>
    public static async Task<Ok<PagedList<ReviewCaseView>>> StageAsync(ReviewDbContext db, Caller caller, PageRequest page, TimeProvider clock, CancellationToken ct)
    {
        var workflows = await db.AllWorkflowsAsync(ct);
        // One number per (version, stage) the caller decides: a stage index is below 16 (at most 6 stages).
        var keys = workflows.Values.SelectMany(w => w.Stages.Select((s, i) => (s, i)).Where(x => x.s.MayDecide(caller))
            .Select(x => w.Version * 16 + x.i)).ToList();
        var query = db.Visible(caller).AsNoTracking()
            .Where(c => c.Status == ReviewCaseStatus.Open && keys.Contains(c.WorkflowVersion * 16 + c.StageIndex));
        return await PageAsync(db, query.OrderBy(c => c.StageStartedAt).ThenBy(c => c.Id), page, clock, ct, workflows);
    }

    /// <summary>Open cases whose current stage began more than its time limit ago (calendar days of 24 hours, not
    /// working days), most overdue first.</summary>
    public static async Task<Ok<PagedList<ReviewCaseView>>> OverdueAsync(ReviewDbContext db, Caller caller, PageRequest page, TimeProvider clock, CancellationToken ct)
    {
        var workflows = await db.AllWorkflowsAsync(ct);
        var now = clock.GetUtcNow();
        // The shortest limit bounds the candidates in SQL; each case's own stage limit decides in memory.
        var earliest = now.AddDays(-workflows.Values.SelectMany(w => w.Stages).Min(s => s.TimeLimitDays));
        var candidates = await db.Visible(caller).AsNoTracking()
            .Where(c => c.Status == ReviewCaseStatus.Open && c.StageStartedAt < earliest)
            .Select(c => new { c.Id, c.WorkflowVersion, c.StageIndex, c.StageStartedAt })
            .ToListAsync(ct);
        var overdue = candidates
            .Select(c => (c.Id, Due: c.StageStartedAt.AddDays((workflows.TryGetValue(c.WorkflowVersion, out var w) ? w : ReviewWorkflow.Default)[c.StageIndex].TimeLimitDays)))
            .Where(c => c.Due < now).OrderBy(c => c.Due).ThenBy(c => c.Id).Select(c => c.Id).ToList();
        var ids = overdue.Skip(page.Skip).Take(page.PageSize).ToList();
        var cases = await db.Visible(caller).AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return TypedResults.Ok(new PagedList<ReviewCaseView>([.. ids.Where(cases.ContainsKey).Select(i => ReviewCaseView.From(cases[i], workflows.For(cases[i]), now))],
            page.Page, page.PageSize, overdue.Count));
    }

    private static async Task<Ok<PagedList<ReviewCaseView>>> PageAsync(ReviewDbContext db, IQueryable<ReviewCase> query, PageRequest page,
        TimeProvider clock, CancellationToken ct, IReadOnlyDictionary<int, ReviewWorkflow>? workflows = null)
    {
        var result = await query.ToPageAsync(page, ct);
        workflows ??= await db.AllWorkflowsAsync(ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(result.Select(c => ReviewCaseView.From(c, workflows.For(c), now)));
    }
}
