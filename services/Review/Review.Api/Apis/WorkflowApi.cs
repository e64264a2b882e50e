using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

/// <summary>One stage as the admin sets it; <c>checklistRequired</c> (五关 before pass or adopt) defaults to true.</summary>
public sealed record StageRequest(string? Name, string? Role, IReadOnlyList<Guid>? ReviewerPersonIds = null, int? TimeLimitDays = null,
    bool? ChecklistRequired = null);

public sealed record WorkflowRequest(IReadOnlyList<StageRequest>? Stages);

public sealed record StageView(string Name, string Role, IReadOnlyList<Guid> ReviewerPersonIds, int TimeLimitDays, bool ChecklistRequired);

/// <summary>The tenant's current workflow; its ETag is its version ("0" for the platform default), which the PUT
/// that replaces it sends as If-Match.</summary>
public sealed record WorkflowView(int WorkflowVersion, bool IsDefault, IReadOnlyList<StageView> Stages, DateTimeOffset? CreatedAt, string? CreatedBy)
    : IVersioned
{
    public uint Version { get; init; }

    public static WorkflowView From(ReviewWorkflow w, TenantWorkflow? row) => new(w.Version, w.Version == 0,
        [.. w.Stages.Select(s => new StageView(s.Name, s.Role, s.Reviewers, s.TimeLimitDays, s.ChecklistRequired))], row?.CreatedAt, row?.CreatedBy)
    { Version = (uint)w.Version };
}

/// <summary>审核流程: the tenant's review levels, versioned; a change applies to cases opened after it.</summary>
public static class WorkflowApi
{
    public const string AuditAction = "review-workflow-changed";

    public static RouteGroupBuilder MapWorkflowApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/workflow").WithTags("Review workflow");
        group.MapGet("/", GetAsync).RequireAuthorization(PlatformPolicies.ReviewReader).WithETag();
        group.MapPut("/", SetAsync).RequireAuthorization(PlatformPolicies.TenantAdmin);
        return group;
    }

    public static async Task<Ok<WorkflowView>> GetAsync(ReviewDbContext db, CancellationToken ct)
    {
        var row = await db.Workflows.AsNoTracking().OrderByDescending(w => w.Version).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(WorkflowView.From(row?.ToWorkflow() ?? ReviewWorkflow.Default, row));
    }

    /// <summary>Adds version N+1 (If-Match: version N's ETag); open cases keep theirs.</summary>
    public static async Task<Results<Ok<WorkflowView>, ValidationProblem, ProblemHttpResult>> SetAsync(
        WorkflowRequest request, IfMatch ifMatch, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        var stages = Validate(request, validator);
        if (!validator.IsValid) return validator.ToProblem();
        // Named reviewers are persons of this tenant (the people directory), so no other tenant's id is kept.
        for (var i = 0; i < stages.Count; i++)
            for (var j = 0; j < stages[i].Reviewers.Count; j++)
                await validator.CheckPersonAsync(db, $"stages[{i}].reviewerPersonIds[{j}]", stages[i].Reviewers[j], ct);
        if (!validator.IsValid) return validator.ToProblem();

        var current = await db.Workflows.OrderByDescending(w => w.Version).FirstOrDefaultAsync(ct);
        if (current is null ? !ifMatch.HoldsAbsent : !ifMatch.Holds(db, current, w => w.Version)) return IfMatch.Stale("review workflow");
        var next = TenantWorkflow.Create(caller.TenantId, (current?.Version ?? 0) + 1, stages, clock.GetUtcNow(), caller.Subject);
        db.Workflows.Add(next);
        db.AddAudit(caller.TenantId, caller.Subject, AuditAction, $"review workflow version {next.Version}",
            string.Join(" → ", stages.Select(s => $"{s.Name}:{s.Role}")));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return IfMatch.Stale("review workflow"); // another admin added the same next version first
        }
        return TypedResults.Ok(WorkflowView.From(next.ToWorkflow(), next));
    }

    private static List<ReviewStage> Validate(WorkflowRequest request, Validator validator)
    {
        var stages = request.Stages ?? [];
        validator.Check(stages.Count is >= 1 and <= TenantWorkflow.MaxStages, "stages", $"必填，1–{TenantWorkflow.MaxStages} 个审核阶段");
        var result = new List<ReviewStage>();
        var names = new HashSet<string>();
        for (var i = 0; i < stages.Count && i < TenantWorkflow.MaxStages; i++)
        {
            var s = stages[i] ?? new StageRequest(null, null);
            var field = $"stages[{i}]";
            var name = s.Name?.Trim() ?? "";
            var reviewers = s.ReviewerPersonIds ?? [];
            var days = s.TimeLimitDays ?? ReviewStage.DefaultTimeLimitDays;
            validator.Required($"{field}.name", name, TenantWorkflow.MaxNameLength)
                .Check(name.Length == 0 || names.Add(name), $"{field}.name", "阶段名称不能重复")
                .Check(s.Role is not null && ReviewStage.Roles.Contains(s.Role), $"{field}.role", $"可选: {string.Join(", ", ReviewStage.Roles)}")
                .Check(reviewers.Count <= TenantWorkflow.MaxReviewers, $"{field}.reviewerPersonIds", $"最多 {TenantWorkflow.MaxReviewers} 人")
                .Check(reviewers.Distinct().Count() == reviewers.Count && !reviewers.Contains(Guid.Empty), $"{field}.reviewerPersonIds", "人员不能重复或为空")
                .Check(days is >= 1 and <= TenantWorkflow.MaxTimeLimitDays, $"{field}.timeLimitDays", $"1–{TenantWorkflow.MaxTimeLimitDays} 天");
            result.Add(new ReviewStage(name, s.Role ?? "", reviewers.Count > 0 ? [.. reviewers] : null, days, s.ChecklistRequired ?? true));
        }
        return result;
    }
}
