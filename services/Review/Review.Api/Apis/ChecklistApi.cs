using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

public sealed record CheckRequest(string? Item, bool? Passed, string? Comment);

public sealed record ChecklistRequest(IReadOnlyList<CheckRequest>? Checks);

public sealed record CheckView(string Item, string Label, bool Passed, string? Comment, Guid? MarkedByPersonId, DateTimeOffset MarkedAt);

/// <summary>One stage's 五关 in one round; <c>complete</c>: all five passed since the stage last started.</summary>
public sealed record ChecklistView(string Stage, int Round, IReadOnlyList<CheckView> Checks, bool Complete)
{
    public static ChecklistView From(StageChecklist c, ReviewCase reviewCase, ReviewWorkflow workflow) => new(c.Stage, c.Round,
        [.. c.Checks.Select(m => new CheckView(ApiEnums.Name(m.Item), StageChecklist.Labels[m.Item], m.Passed, m.Comment, m.MarkedByPersonId, m.MarkedAt))],
        c.AllPassedSince(c.Stage == workflow[reviewCase.StageIndex].Name && c.Round == reviewCase.Round ? reviewCase.StageStartedAt : DateTimeOffset.MinValue));
}

/// <summary>五关 (political, policy, facts, format, text): the checks of the case's current stage, by whoever may decide there.</summary>
public static class ChecklistApi
{
    public static void MapChecklistApi(this RouteGroupBuilder cases) =>
        cases.MapPut("/{id:guid}/checklist", MarkAsync).RequireAuthorization(PlatformPolicies.Staff);

    public static async Task<Results<Ok<ReviewCaseView>, ValidationProblem, ProblemHttpResult>> MarkAsync(
        Guid id, ChecklistRequest request, IfMatch ifMatch, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var checks = request.Checks ?? [];
        var validator = new Validator()
            .Check(checks.Count is >= 1 and <= 5, "checks", "必填，1–5 项 (political, policy, facts, format, text)");
        var items = new List<ChecklistItem>();
        for (var i = 0; i < checks.Count && i < 5; i++)
        {
            var check = checks[i] ?? new CheckRequest(null, null, null);
            var known = ApiEnums.TryParse<ChecklistItem>(check.Item, out var item) && item is not null;
            validator.Check(known, $"checks[{i}].item", $"可选: {ApiEnums.Allowed<ChecklistItem>()}")
                .Check(!known || !items.Contains(item!.Value), $"checks[{i}].item", "同一项不能重复")
                .Check(check.Passed is not null, $"checks[{i}].passed", "必填 (true/false)")
                .Check(check.Passed != false || !string.IsNullOrWhiteSpace(check.Comment), $"checks[{i}].comment", "未通过的项必须填写意见")
                .Optional($"checks[{i}].comment", check.Comment, StageChecklist.CommentMaxLength);
            if (known) items.Add(item!.Value);
        }
        if (!validator.IsValid) return validator.ToProblem();

        var reviewCase = await db.Visible(caller).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (reviewCase is null) return ApiProblems.NotFound("Review case", id);
        if (!ifMatch.Holds(db, reviewCase, c => c.Version)) return IfMatch.Stale("review case");
        var workflow = await db.WorkflowAsync(reviewCase.WorkflowVersion, ct);
        if (reviewCase.Status == ReviewCaseStatus.Open && StageAccess.Refusal(workflow[reviewCase.StageIndex], caller) is { } refusal)
            return refusal;
        var now = clock.GetUtcNow();
        var outcome = reviewCase.MarkChecklist(workflow, checks.Select((c, i) =>
            new ChecklistMark(items[i], c.Passed!.Value, string.IsNullOrWhiteSpace(c.Comment) ? null : c.Comment.Trim(), caller.PersonId, caller.Subject, now)), now);
        if (outcome is { Error: { } refused }) return ApiProblems.Refused(refused);
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
}
