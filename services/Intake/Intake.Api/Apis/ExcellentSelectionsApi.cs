using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain.Publications;
using SheqingMinyi.Security;

namespace SheqingMinyi.Intake.Apis;

/// <summary>half: 1 (上半年) or 2 (下半年); title defaults to 2026年上半年优秀社情民意信息选编.</summary>
public sealed record CreateSelectionRequest(int? Year, int? Half, string? Title);

public sealed record SelectionSummaryView(Guid Id, string Title, int Year, int Half, ExcellentSelectionStatus Status, int ItemCount,
    DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt);

public sealed record SelectionView(Guid Id, string Title, int Year, int Half, ExcellentSelectionStatus Status, IReadOnlyList<PublicationItemView> Items,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt) : IVersioned
{
    public uint Version { get; init; }

    public static SelectionView From(ExcellentSelection s, IReadOnlyList<PublicationItemView> items) =>
        new(s.Id, s.Title, s.Year, s.Half, s.Status, items, s.CreatedAt, s.UpdatedAt, s.PublishedAt) { Version = s.Version };
}

/// <summary>
/// 优秀选编: the office compiles each half-year's excellent adopted items and publishes the selection; scoring credits
/// the authors (入选优秀选编). Same roles as the issues: the office's editors change it, staff and leaders read it.
/// </summary>
public static class ExcellentSelectionsApi
{
    public static RouteGroupBuilder MapExcellentSelectionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/excellent-selections").WithTags("Excellent selections");
        group.MapPost("/", CreateAsync).RequireAuthorization(PlatformPolicies.IntakeEditor).WithETag().WithIdempotency();
        group.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.Staff);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        group.MapPut("/{id:guid}/items", SetItemsAsync).RequireAuthorization(PlatformPolicies.IntakeEditor);
        group.MapPost("/{id:guid}/publish", PublishAsync).RequireAuthorization(PlatformPolicies.IntakeEditor).WithIdempotency();
        return group;
    }

    public static async Task<Results<Created<SelectionView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateSelectionRequest request, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Check(request.Half is 1 or 2, "half", "1（上半年）或 2（下半年）(1 or 2)")
            .Check(request.Title is null || request.Title.Trim().Length > 0, "title", "不能为空白 (not blank; omit it for the default)")
            .Optional("title", request.Title?.Trim(), ExcellentSelection.TitleMaxLength);
        PublicationIssuesApi.CheckYear(validator, request.Year, required: true);
        if (!validator.IsValid) return validator.ToProblem();
        int year = request.Year!.Value, half = request.Half!.Value;
        if (await db.ExcellentSelections.AnyAsync(s => s.Year == year && s.Half == half, ct)) return Exists(year, half);
        var selection = ExcellentSelection.Create(caller.TenantId, year, half, request.Title, caller.PersonId, clock.GetUtcNow());
        db.ExcellentSelections.Add(selection);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Exists(year, half); // created at the same moment by someone else
        }
        return TypedResults.Created($"/excellent-selections/{selection.Id}", SelectionView.From(selection, []));
    }

    /// <summary>The tenant's selections, newest half first; <c>year</c> narrows to one year.</summary>
    public static async Task<Results<Ok<PagedList<SelectionSummaryView>>, ValidationProblem>> ListAsync(
        IntakeDbContext db, PageRequest page, CancellationToken ct, int? year = null)
    {
        var validator = new Validator();
        PublicationIssuesApi.CheckYear(validator, year, required: false);
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.ExcellentSelections.AsNoTracking();
        if (year is { } y) query = query.Where(s => s.Year == y);
        var result = await query.OrderByDescending(s => s.Year).ThenByDescending(s => s.Half).ThenBy(s => s.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(s => new SelectionSummaryView(s.Id, s.Title, s.Year, s.Half, s.Status, s.SubmissionIds.Count, s.CreatedAt, s.PublishedAt)));
    }

    public static async Task<Results<Ok<SelectionView>, ProblemHttpResult>> GetAsync(Guid id, IntakeDbContext db, CancellationToken ct)
    {
        var selection = await db.ExcellentSelections.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (selection is null) return NotFound(id);
        var (views, _) = await PublicationItems.ViewsAsync(db, selection.SubmissionIds, ct);
        return TypedResults.Ok(SelectionView.From(selection, views));
    }

    /// <summary>Replaces the items of a draft selection: adopted items of the tenant, each once.</summary>
    public static async Task<Results<Ok<SelectionView>, ValidationProblem, ProblemHttpResult>> SetItemsAsync(
        Guid id, PublicationItemsRequest request, IfMatch ifMatch, IntakeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var selection = await db.ExcellentSelections.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (selection is null) return NotFound(id);
        if (!ifMatch.Holds(db, selection, s => s.Version)) return IfMatch.Stale("selection");
        if (selection.Frozen() is { } frozen) return ApiProblems.Refused(frozen);
        var validator = await PublicationItems.CheckAsync(db, request.SubmissionIds, ExcellentSelection.MaxItems, ct);
        if (!validator.IsValid) return validator.ToProblem();
        selection.SetItems(request.SubmissionIds!, clock.GetUtcNow());
        return await SaveAsync(db, selection, ct);
    }

    /// <summary>印发: at least one item; raises ExcellentSelectionPublished with each item's shares; the items freeze.</summary>
    public static async Task<Results<Ok<SelectionView>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        Guid id, IfMatch ifMatch, IntakeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var selection = await db.ExcellentSelections.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (selection is null) return NotFound(id);
        if (!ifMatch.Holds(db, selection, s => s.Version)) return IfMatch.Stale("selection");
        var items = await PublicationItems.LoadAsync(db, selection.SubmissionIds, ct);
        if (selection.Publish(items, clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
        return await SaveAsync(db, selection, ct);
    }

    private static async Task<Results<Ok<SelectionView>, ValidationProblem, ProblemHttpResult>> SaveAsync(IntakeDbContext db, ExcellentSelection selection, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("selection");
        }
        var (views, _) = await PublicationItems.ViewsAsync(db, selection.SubmissionIds, ct);
        return TypedResults.Ok(SelectionView.From(selection, views));
    }

    private static ProblemHttpResult NotFound(Guid id) => ApiProblems.NotFound("Excellent selection", id);

    private static ProblemHttpResult Exists(int year, int half) => ApiProblems.Conflict("selection-exists",
        $"{ExcellentSelection.DefaultTitle(year, half)}已存在", $"The selection of {year} half {half} exists in this tenant.");
}
