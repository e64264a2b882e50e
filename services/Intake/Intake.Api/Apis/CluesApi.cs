using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Intake.Apis;

public sealed record ClueView(Guid Id, string Text, string? Contact, DateTimeOffset SentAt)
{
    public static ClueView From(Clue c) => new(c.Id, c.Text, c.Contact, c.SentAt);
}

/// <summary>
/// 线索: a member's own clues, newest first. Only the person the clues were sent to reads them (not staff, not
/// partners): the sender wrote to that member. The full inbox (read state, turning a clue into a draft) is later.
/// </summary>
public static class CluesApi
{
    public static RouteGroupBuilder MapCluesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/clues").WithTags("Clues").RequireAuthorization(PlatformPolicies.IntakeReader);
        group.MapGet("/", ListOwnAsync);
        return group;
    }

    public static async Task<Results<Ok<PagedList<ClueView>>, ProblemHttpResult>> ListOwnAsync(
        IntakeDbContext db, Caller caller, PageRequest page, CancellationToken ct)
    {
        if (caller.IsPartner || caller.PersonId is not { } self)
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-a-person", "只有委员本人可以查看自己的线索",
                "Clues are read by the person they were sent to; this caller stands for no person.");
        var result = await db.Clues.AsNoTracking().Where(c => c.PersonId == self)
            .OrderByDescending(c => c.SentAt).ThenBy(c => c.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(ClueView.From));
    }
}
