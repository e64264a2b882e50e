using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain.Publications;
using SheqingMinyi.Security;

namespace SheqingMinyi.Intake.Apis;

/// <summary>A new issue: publicationName defaults to 社情民意.</summary>
public sealed record CreateIssueRequest(string? PublicationName, int? Year, int? Number);

public sealed record IssueSummaryView(Guid Id, string Title, string PublicationName, int Year, int Number, PublicationIssueStatus Status,
    int ItemCount, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt);

public sealed record IssueView(Guid Id, string Title, string PublicationName, int Year, int Number, PublicationIssueStatus Status,
    IReadOnlyList<PublicationItemView> Items, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt) : IVersioned
{
    public uint Version { get; init; }

    public static IssueView From(PublicationIssue i, IReadOnlyList<PublicationItemView> items) =>
        new(i.Id, i.Title, i.PublicationName, i.Year, i.Number, i.Status, items, i.CreatedAt, i.UpdatedAt, i.PublishedAt) { Version = i.Version };
}

/// <summary>
/// 刊期: the office's editors compile adopted items into numbered issues of a publication, publish them (the items
/// freeze; PublicationIssuePublished credits their authors and units under later rules) and print them as Word
/// documents. Staff and leaders read them; members, officers and partners do not (403).
/// </summary>
public static class PublicationIssuesApi
{
    public static RouteGroupBuilder MapPublicationIssuesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/publication-issues").WithTags("Publication issues");
        group.MapPost("/", CreateAsync).RequireAuthorization(PlatformPolicies.IntakeEditor).WithETag().WithIdempotency();
        group.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.Staff);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        group.MapPut("/{id:guid}/items", SetItemsAsync).RequireAuthorization(PlatformPolicies.IntakeEditor);
        group.MapPost("/{id:guid}/publish", PublishAsync).RequireAuthorization(PlatformPolicies.IntakeEditor).WithIdempotency();
        group.MapGet("/{id:guid}/document", DocumentAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        return group;
    }

    public static async Task<Results<Created<IssueView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateIssueRequest request, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var name = request.PublicationName is null ? PublicationIssue.DefaultPublication : request.PublicationName.Trim();
        var validator = new Validator().Required("publicationName", name, PublicationIssue.PublicationNameMaxLength);
        CheckYear(validator, request.Year, required: true);
        validator.Check(request.Number is >= 1 and <= PublicationIssue.MaxNumber, "number", $"1 至 {PublicationIssue.MaxNumber} 的期号 (1–{PublicationIssue.MaxNumber})");
        if (!validator.IsValid) return validator.ToProblem();
        int year = request.Year!.Value, number = request.Number!.Value;
        if (await db.PublicationIssues.AnyAsync(i => i.PublicationName == name && i.Year == year && i.Number == number, ct)) return Exists(name, year, number);
        var issue = PublicationIssue.Create(caller.TenantId, name, year, number, caller.PersonId, clock.GetUtcNow());
        db.PublicationIssues.Add(issue);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Exists(name, year, number); // created at the same moment by someone else
        }
        return TypedResults.Created($"/publication-issues/{issue.Id}", IssueView.From(issue, []));
    }

    internal static void CheckYear(Validator validator, int? year, bool required) => validator.Check(
        (year is null && !required) || year is >= PublicationIssue.MinYear and <= PublicationIssue.MaxYear, "year",
        $"{PublicationIssue.MinYear} 至 {PublicationIssue.MaxYear} 的年份 (a year from {PublicationIssue.MinYear} to {PublicationIssue.MaxYear})");

    /// <summary>The tenant's issues, newest year and number first; <c>year</c> narrows to one year.</summary>
    public static async Task<Results<Ok<PagedList<IssueSummaryView>>, ValidationProblem>> ListAsync(
        IntakeDbContext db, PageRequest page, CancellationToken ct, int? year = null)
    {
        var validator = new Validator();
        CheckYear(validator, year, required: false);
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.PublicationIssues.AsNoTracking();
        if (year is { } y) query = query.Where(i => i.Year == y);
        var result = await query.OrderByDescending(i => i.Year).ThenByDescending(i => i.Number).ThenBy(i => i.PublicationName).ThenBy(i => i.Id)
            .ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(i => new IssueSummaryView(i.Id, i.Title, i.PublicationName, i.Year, i.Number, i.Status,
            i.SubmissionIds.Count, i.CreatedAt, i.PublishedAt)));
    }

    public static async Task<Results<Ok<IssueView>, ProblemHttpResult>> GetAsync(Guid id, IntakeDbContext db, CancellationToken ct)
    {
        var issue = await db.PublicationIssues.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (issue is null) return NotFound(id);
        var (views, _) = await PublicationItems.ViewsAsync(db, issue.SubmissionIds, ct);
        return TypedResults.Ok(IssueView.From(issue, views));
    }

    /// <summary>Replaces the ordered list of a draft issue: adopted items of the tenant, each once, at most 50.</summary>
    public static async Task<Results<Ok<IssueView>, ValidationProblem, ProblemHttpResult>> SetItemsAsync(
        Guid id, PublicationItemsRequest request, IfMatch ifMatch, IntakeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var issue = await db.PublicationIssues.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (issue is null) return NotFound(id);
        if (!ifMatch.Holds(db, issue, i => i.Version)) return IfMatch.Stale("issue");
        if (issue.Frozen() is { } frozen) return ApiProblems.Refused(frozen);
        var validator = await PublicationItems.CheckAsync(db, request.SubmissionIds, PublicationIssue.MaxItems, ct);
        if (!validator.IsValid) return validator.ToProblem();
        issue.SetItems(request.SubmissionIds!, clock.GetUtcNow());
        return await SaveAsync(db, issue, ct);
    }

    /// <summary>印发: at least one item; the items freeze and PublicationIssuePublished goes out with their shares.</summary>
    public static async Task<Results<Ok<IssueView>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        Guid id, IfMatch ifMatch, IntakeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var issue = await db.PublicationIssues.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (issue is null) return NotFound(id);
        if (!ifMatch.Holds(db, issue, i => i.Version)) return IfMatch.Stale("issue");
        var items = await PublicationItems.LoadAsync(db, issue.SubmissionIds, ct);
        if (issue.Publish(items, clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
        return await SaveAsync(db, issue, ct);
    }

    /// <summary>The issue as a Word document (.docx) to print: title, date, contents, then each item.</summary>
    /// <remarks>The ETag is a hash of what the document shows (a file is not a JSON value, so it is set here), and a
    /// matching If-None-Match answers 304.</remarks>
    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> DocumentAsync(
        Guid id, IntakeDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var issue = await db.PublicationIssues.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (issue is null) return NotFound(id);
        var (views, items) = await PublicationItems.ViewsAsync(db, issue.SubmissionIds, ct);
        var date = BodyCalendar.Today(issue.PublishedAt ?? clock.GetUtcNow());
        IssueDocumentItem[] shown = [.. views.Select(v => new IssueDocumentItem(v.Order, v.Title, items[v.SubmissionId].Body,
            [.. v.Authors.Select(a => a.Name ?? "")], v.UnitName))];
        var etag = ETags.FromBody(new { issue.Title, date, shown });
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch.Any(t => t == etag || t == "*")) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.File(IssueDocument.Render(issue.Title, date, shown), IssueDocument.ContentType,
            $"{issue.PublicationName}{issue.Year}年第{issue.Number}期.docx");
    }

    private static async Task<Results<Ok<IssueView>, ValidationProblem, ProblemHttpResult>> SaveAsync(IntakeDbContext db, PublicationIssue issue, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("issue");
        }
        var (views, _) = await PublicationItems.ViewsAsync(db, issue.SubmissionIds, ct);
        return TypedResults.Ok(IssueView.From(issue, views));
    }

    private static ProblemHttpResult NotFound(Guid id) => ApiProblems.NotFound("Publication issue", id);

    private static ProblemHttpResult Exists(string name, int year, int number) => ApiProblems.Conflict("issue-exists",
        $"{PublicationIssue.TitleOf(name, year, number)}已存在", $"An issue {year}/{number} of '{name}' exists in this tenant.");
}
