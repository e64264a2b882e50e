using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.Security;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Apis;

public sealed record CreateSubmissionRequest(string? Title, string? Body, Guid? AuthorPersonId, Guid? UnitId);
public sealed record EditSubmissionRequest(string? Title, string? Body);

public sealed record SubmissionView(
    Guid Id, string Title, string Body, Guid AuthorPersonId, Guid UnitId, SubmissionStatus Status,
    IReadOnlyList<string> AdoptionLevels, string? ReviewComment, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt) : IVersioned
{
    /// <summary>The row version read: the ETag, not part of the body.</summary>
    public uint Version { get; init; }

    public static SubmissionView From(Submission s) => new(s.Id, s.Title, s.Body, s.AuthorPersonId, s.UnitId, s.Status,
        s.AdoptionLevels, s.ReviewComment, s.CreatedAt, s.UpdatedAt, s.SubmittedAt) { Version = s.Version };
}

/// <summary>信息稿件: drafts, edits and submission for review.</summary>
public static class SubmissionsApi
{
    public static RouteGroupBuilder MapSubmissionsApi(this IEndpointRouteBuilder app)
    {
        // Members and officers see and change only their own items; staff and partners (by scope) the tenant's.
        var group = app.MapGroup("/submissions").WithTags("Submissions");
        group.MapPost("/", CreateAsync).RequireAuthorization(PlatformPolicies.Writer).WithETag().WithIdempotency();
        group.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.IntakeReader);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(PlatformPolicies.IntakeReader).WithETag();
        group.MapPut("/{id:guid}", EditAsync).RequireAuthorization(PlatformPolicies.Writer);
        group.MapPost("/{id:guid}/submit", SubmitAsync).RequireAuthorization(PlatformPolicies.Writer).WithIdempotency();
        return group;
    }

    public static async Task<Results<Created<SubmissionView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateSubmissionRequest request, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.SeesWholeTenant && (caller.PersonId is not { } self || (request.AuthorPersonId is { } author && author != self)))
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-own", "只能以本人名义撰写", "Members write drafts as themselves.");
        var validator = new Validator()
            .Required("title", request.Title, Submission.TitleMaxLength)
            .Required("body", request.Body, Submission.BodyMaxLength)
            .Required("authorPersonId", request.AuthorPersonId)
            .Required("unitId", request.UnitId);
        // Only persons and units the people service announced, still active, may be credited.
        await validator.CheckAuthorAsync(db, "authorPersonId", request.AuthorPersonId, ct);
        await validator.CheckUnitAsync(db, "unitId", request.UnitId, ct);
        if (!validator.IsValid) return validator.ToProblem();

        var submission = Submission.CreateDraft(caller.TenantId, request.Title!, request.Body!,
            request.AuthorPersonId!.Value, request.UnitId!.Value, clock.GetUtcNow());
        db.Submissions.Add(submission);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/submissions/{submission.Id}", SubmissionView.From(submission));
    }

    public static async Task<Results<Ok<PagedList<SubmissionView>>, ValidationProblem>> ListAsync(
        IntakeDbContext db, Caller caller, PageRequest page, CancellationToken ct, string? status = null, Guid? authorPersonId = null)
    {
        var validator = new Validator()
            .Check(ApiEnums.TryParse<SubmissionStatus>(status, out var wanted), "status", $"可选: {ApiEnums.Allowed<SubmissionStatus>()}");
        if (!validator.IsValid) return validator.ToProblem();
        var query = Visible(db, caller).AsNoTracking();
        if (wanted is not null) query = query.Where(s => s.Status == wanted);
        if (authorPersonId is not null) query = query.Where(s => s.AuthorPersonId == authorPersonId);
        var result = await query.OrderByDescending(s => s.CreatedAt).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(SubmissionView.From));
    }

    public static async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> GetAsync(Guid id, IntakeDbContext db, Caller caller, CancellationToken ct) =>
        await Visible(db, caller).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } submission
            ? TypedResults.Ok(SubmissionView.From(submission))
            : ApiProblems.NotFound("Submission", id);

    public static async Task<Results<Ok<SubmissionView>, ValidationProblem, ProblemHttpResult>> EditAsync(
        Guid id, EditSubmissionRequest request, IfMatch ifMatch, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Required("title", request.Title, Submission.TitleMaxLength)
            .Required("body", request.Body, Submission.BodyMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var submission = await Visible(db, caller).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) return ApiProblems.NotFound("Submission", id);
        if (!ifMatch.Holds(db, submission, s => s.Version)) return IfMatch.Stale("submission");
        if (submission.Edit(request.Title!, request.Body!, clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("submission"); // changed after it was read: the If-Match no longer holds
        }
        return TypedResults.Ok(SubmissionView.From(submission));
    }

    /// <summary>Submits a draft (or a returned item) for review; SubmissionSubmitted commits with the change.</summary>
    public static async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> SubmitAsync(
        Guid id, IfMatch ifMatch, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var submission = await Visible(db, caller).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) return ApiProblems.NotFound("Submission", id);
        if (!ifMatch.Holds(db, submission, s => s.Version)) return IfMatch.Stale("submission");
        if (await AuthorCheck.InactiveAuthorOrUnitAsync(db, submission.AuthorPersonId, submission.UnitId, ct) is { } gone)
            return ApiProblems.Refused(gone);
        if (submission.Submit(clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("submission"); // changed after it was read: the If-Match no longer holds
        }
        return TypedResults.Ok(SubmissionView.From(submission));
    }

    /// <summary>What the caller may see: everything of the tenant for staff and partners, else only their own items
    /// (another's item answers 404, as if it did not exist).</summary>
    private static IQueryable<Submission> Visible(IntakeDbContext db, Caller caller)
    {
        if (caller.SeesWholeTenant) return db.Submissions;
        var self = caller.PersonId ?? Guid.Empty;
        return db.Submissions.Where(s => s.AuthorPersonId == self);
    }

}
