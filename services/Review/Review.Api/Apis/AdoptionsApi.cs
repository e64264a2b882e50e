using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

public sealed record AdoptionView(Guid Id, AdoptionLevel Level, DateOnly AdoptedOn, AdoptionSource Source, string? PublicationName,
    string? Issue, Guid? EvidenceFileId, string? RecordedBy, IReadOnlyList<AuthorShare> Authors, IReadOnlyList<UnitShare> Units,
    DateTimeOffset CreatedAt)
{
    public static AdoptionView From(Adoption a) => new(a.Id, a.Level, a.AdoptedOn, a.Source, a.PublicationName, a.Issue,
        a.EvidenceFileId, a.RecordedBy, a.Authors, a.Units, a.CreatedAt);
}

/// <summary>An item's adoption ladder: every level it was adopted at, lowest first.</summary>
public sealed record AdoptionLadderView(Guid SubmissionId, Guid CaseId, IReadOnlyList<AdoptionView> Adoptions);

/// <summary>采用阶梯: the levels an item was adopted at (own body by review, then outside adoptions).</summary>
public static class AdoptionsApi
{
    public static RouteGroupBuilder MapAdoptionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/submissions/{submissionId:guid}/adoptions").WithTags("Adoptions");
        group.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.ReviewReader).WithETag();
        return group;
    }

    /// <summary>The ladder of an item whose case the caller may see (404 otherwise, as for the case itself).</summary>
    public static async Task<Results<Ok<AdoptionLadderView>, ProblemHttpResult>> ListAsync(
        Guid submissionId, ReviewDbContext db, Caller caller, CancellationToken ct)
    {
        var reviewCase = await db.Visible(caller).AsNoTracking().FirstOrDefaultAsync(c => c.SubmissionId == submissionId, ct);
        if (reviewCase is null) return ApiProblems.NotFound("Submission", submissionId);
        var ladder = await AdoptionLadder.OfAsync(db, submissionId, ct);
        return TypedResults.Ok(new AdoptionLadderView(submissionId, reviewCase.Id, [.. ladder.Select(AdoptionView.From)]));
    }
}
