using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Intake.Apis;

/// <summary>The whole author list in order (the first is the lead author) and the submitting unit.</summary>
public sealed record ChangeAuthorsRequest(IReadOnlyList<Guid>? AuthorPersonIds, Guid? UnitId);

/// <summary>作者与报送单位: who wrote a draft (or a returned item), in which order, for which unit.</summary>
public static class AuthorsApi
{
    public static RouteGroupBuilder MapAuthorsApi(this IEndpointRouteBuilder app)
    {
        // Its authors (members, officers) and whole-tenant writers; another member's item answers 404.
        var group = app.MapGroup("/submissions").WithTags("Submissions");
        group.MapPut("/{id:guid}/authors", ChangeAsync).RequireAuthorization(PlatformPolicies.Writer);
        return group;
    }

    public static async Task<Results<Ok<SubmissionView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        Guid id, ChangeAuthorsRequest request, IfMatch ifMatch, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var authors = request.AuthorPersonIds ?? [];
        var validator = new Validator()
            .Check(authors.Count > 0, "authorPersonIds", "至少要有一名作者 (at least one author)")
            .Check(authors.Count <= Submission.MaxAuthors, "authorPersonIds", $"作者最多 {Submission.MaxAuthors} 人 (at most {Submission.MaxAuthors})")
            .Required("unitId", request.UnitId);
        for (var i = 0; i < authors.Count; i++)
        {
            if (authors[i] == Guid.Empty) validator.Add($"authorPersonIds[{i}]", "必填 (required)");
            else if (authors.Take(i).Contains(authors[i])) validator.Add($"authorPersonIds[{i}]", "作者不能重复 (repeated author)");
        }
        if (!validator.IsValid) return validator.ToProblem();

        var submission = await db.Visible(caller).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) return ApiProblems.NotFound("Submission", id);
        if (!ifMatch.Holds(db, submission, s => s.Version)) return IfMatch.Stale("submission");
        if (!caller.SeesWholeTenant && (caller.PersonId is not { } self || !authors.Contains(self)))
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-own", "不能把本人从作者中移除",
                "A member or officer stays among the authors of the items they change; staff can change any author list.");
        // As on create: only persons and units the people service announced, still active, may be credited.
        for (var i = 0; i < authors.Count; i++) await validator.CheckAuthorAsync(db, $"authorPersonIds[{i}]", authors[i], ct);
        await validator.CheckUnitAsync(db, "unitId", request.UnitId, ct);
        if (!validator.IsValid) return validator.ToProblem();

        if (submission.ChangeAuthors(authors, request.UnitId!.Value, clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
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
}
