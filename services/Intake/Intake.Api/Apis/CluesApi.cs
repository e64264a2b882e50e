using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Intake.Apis;

public sealed record ClueView(Guid Id, string Text, string? Contact, DateTimeOffset SentAt, ClueStatus Status, Guid? SubmissionId,
    DateTimeOffset? ConvertedAt, DateTimeOffset? DismissedAt, string? DismissReason) : IVersioned
{
    public uint Version { get; init; }

    public static ClueView From(Clue c) => new(c.Id, c.Text, c.Contact, c.SentAt, c.Status, c.SubmissionId, c.ConvertedAt,
        c.DismissedAt, c.DismissReason) { Version = c.Version };
}

/// <summary>
/// Turns a clue into a draft: the fields of a new draft. Body defaults to the clue's text, unitId to the member's
/// main unit in the directory; the author is the member the clue was sent to, first of the authors.
/// </summary>
public sealed record ConvertClueRequest(string? Title, string? Body = null, string? Type = null, IReadOnlyList<string>? Themes = null,
    IReadOnlyList<Guid>? CoAuthorPersonIds = null, Guid? UnitId = null, Guid? SolicitationId = null);

public sealed record DismissClueRequest(string? Reason = null);

/// <summary>The draft a clue became, and the clue as it is now.</summary>
public sealed record ClueConversionView(ClueView Clue, SubmissionView Submission);

/// <summary>
/// 线索收件箱: a member's own clues. Only the person the clues were sent to reads or handles them (not staff, not
/// partners): the sender wrote to that member; another person's clue is not found. A new clue is converted into a
/// draft (its provenance: channel clue, the clue's id) or dismissed, once: converting or dismissing a clue that
/// was already converted or dismissed is a 409. Dismissing is idempotent by state (a dismissed clue dismissed
/// again answers it unchanged); converting takes an Idempotency-Key so a retry gets the same draft.
/// </summary>
public static class CluesApi
{
    public static RouteGroupBuilder MapCluesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/clues").WithTags("Clues");
        group.MapGet("/", ListOwnAsync).RequireAuthorization(PlatformPolicies.IntakeReader);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(PlatformPolicies.IntakeReader).WithETag();
        group.MapPost("/{id:guid}/convert", ConvertAsync).RequireAuthorization(PlatformPolicies.Writer).WithIdempotency();
        group.MapPost("/{id:guid}/dismiss", DismissAsync).RequireAuthorization(PlatformPolicies.Writer).WithETag();
        return group;
    }

    private static ProblemHttpResult NotAPerson() => ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-a-person",
        "只有委员本人可以查看和处理自己的线索", "Clues are read by the person they were sent to; this caller stands for no person.");

    public static async Task<Results<Ok<PagedList<ClueView>>, ValidationProblem, ProblemHttpResult>> ListOwnAsync(
        IntakeDbContext db, Caller caller, PageRequest page, CancellationToken ct, string? status = null)
    {
        if (caller.IsPartner || caller.PersonId is not { } self) return NotAPerson();
        var validator = new Validator()
            .Check(ApiEnums.TryParse<ClueStatus>(status, out var wanted), "status", $"可选: {ApiEnums.Allowed<ClueStatus>()}");
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.Clues.AsNoTracking().Where(c => c.PersonId == self);
        if (wanted is { } only) query = query.Where(c => c.Status == only);
        var result = await query.OrderByDescending(c => c.SentAt).ThenBy(c => c.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(ClueView.From));
    }

    public static async Task<Results<Ok<ClueView>, ProblemHttpResult>> GetAsync(Guid id, IntakeDbContext db, Caller caller, CancellationToken ct)
    {
        if (caller.IsPartner || caller.PersonId is not { } self) return NotAPerson();
        return await db.Clues.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.PersonId == self, ct) is { } clue
            ? TypedResults.Ok(ClueView.From(clue))
            : ApiProblems.NotFound("Clue", id);
    }

    /// <summary>A new draft from the clue; in the same transaction the clue is marked converted and ClueConverted raised.</summary>
    public static async Task<Results<Created<ClueConversionView>, ValidationProblem, ProblemHttpResult>> ConvertAsync(
        Guid id, ConvertClueRequest request, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        if (caller.IsPartner || caller.PersonId is not { } self) return NotAPerson();
        var clue = await db.Clues.FirstOrDefaultAsync(c => c.Id == id && c.PersonId == self, ct);
        if (clue is null) return ApiProblems.NotFound("Clue", id);
        if (clue.NotNew() is { } done) return ApiProblems.Refused(done);

        var unitId = request.UnitId ?? await db.Set<DirectoryPerson>().AsNoTracking()
            .Where(p => p.PersonId == self).Select(p => p.UnitId).FirstOrDefaultAsync(ct);
        var draft = new CreateSubmissionRequest(request.Title, request.Body ?? clue.Text, self, unitId, request.CoAuthorPersonIds,
            request.Type, request.Themes, SolicitationId: request.SolicitationId);
        var validator = new Validator();
        var (submission, _) = await NewDraft.AddAsync(validator, draft, db, caller, clock, ct,
            new Provenance(SubmissionChannel.Clue, ClueId: clue.Id));
        if (submission is null) return validator.ToProblem();
        if (clue.ConvertTo(submission.Id, clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Converted or dismissed by a concurrent request since it was read: nothing of this one is kept.
            db.ChangeTracker.Clear();
            var now = await db.Clues.AsNoTracking().FirstAsync(c => c.Id == id, ct);
            return ApiProblems.Refused(now.NotNew() ?? new("clue-changed", "线索已被修改", $"Clue '{id}' changed meanwhile; read it again."));
        }
        return TypedResults.Created($"/submissions/{submission.Id}", new ClueConversionView(ClueView.From(clue), SubmissionView.From(submission)));
    }

    public static async Task<Results<Ok<ClueView>, ValidationProblem, ProblemHttpResult>> DismissAsync(
        Guid id, DismissClueRequest? request, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        if (caller.IsPartner || caller.PersonId is not { } self) return NotAPerson();
        var validator = new Validator().Optional("reason", request?.Reason?.Trim(), Clue.DismissReasonMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var clue = await db.Clues.FirstOrDefaultAsync(c => c.Id == id && c.PersonId == self, ct);
        if (clue is null) return ApiProblems.NotFound("Clue", id);
        if (clue.Status == ClueStatus.Dismissed) return TypedResults.Ok(ClueView.From(clue)); // idempotent by state
        if (clue.Dismiss(request?.Reason, clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await db.Clues.AsNoTracking().FirstAsync(c => c.Id == id, ct);
            return now.Status == ClueStatus.Dismissed ? TypedResults.Ok(ClueView.From(now))
                : ApiProblems.Refused(now.NotNew() ?? new("clue-changed", "线索已被修改", $"Clue '{id}' changed meanwhile; read it again."));
        }
        return TypedResults.Ok(ClueView.From(clue));
    }
}
