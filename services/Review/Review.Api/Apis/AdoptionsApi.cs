using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Messaging;
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

/// <summary>An adoption by a body outside the platform, as staff record it from the publication that carried the item
/// (刊物名称 and 期号, e.g. 全国政协《社情民意信息》, 2026年第12期). Level is a string so a bad value is a 400 naming it.</summary>
public sealed record OutsideAdoptionRequest(string? Level, string? PublicationName, string? Issue, DateOnly? AdoptedOn, Guid? EvidenceFileId = null);

/// <summary>An item's adoption ladder: every level it was adopted at, lowest first.</summary>
public sealed record AdoptionLadderView(Guid SubmissionId, Guid CaseId, IReadOnlyList<AdoptionView> Adoptions);

/// <summary>采用阶梯: the levels an item was adopted at (own body by review, then outside adoptions).</summary>
public static class AdoptionsApi
{
    public static RouteGroupBuilder MapAdoptionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/submissions/{submissionId:guid}/adoptions").WithTags("Adoptions");
        group.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.ReviewReader).WithETag();
        group.MapPost("/", RecordAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        return group;
    }

    /// <summary>The levels staff record here: bodies outside the tenant. Own body is decided in review.</summary>
    public static readonly AdoptionLevel[] OutsideLevels = [AdoptionLevel.National, AdoptionLevel.PartyCentre, AdoptionLevel.ParentBody];

    /// <summary>
    /// Records an outside adoption (全国政协, 党派中央, or a parent body not on the platform) of an item the tenant
    /// adopted itself; it raises SubmissionAdopted (source recorded) with the case's shares. A parent body on the
    /// platform adopts through 转报 instead (409 <c>parent-on-platform</c>). Each level once: the second record, or
    /// the loser of two at once, is 409 <c>already-adopted-at-level</c>.
    /// </summary>
    public static async Task<Results<Created<AdoptionView>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        Guid submissionId, OutsideAdoptionRequest request, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var today = BodyCalendar.Today(clock.GetUtcNow());
        var known = ApiEnums.TryParse<AdoptionLevel>(request.Level, out var level) && level is { } l && OutsideLevels.Contains(l);
        var validator = new Validator()
            .Check(known, "level", "必填: national (全国政协), party-centre (党派中央) 或 parent-body (上级机关); 本级采用由审核决定")
            .Required("publicationName", request.PublicationName?.Trim(), Adoption.PublicationNameMaxLength)
            .Required("issue", request.Issue?.Trim(), Adoption.IssueMaxLength)
            .Check(request.AdoptedOn is not null, "adoptedOn", "必填 (required), yyyy-MM-dd")
            .Check(request.AdoptedOn is null || request.AdoptedOn <= today, "adoptedOn", "采用日期不能晚于今天 (not in the future)");
        if (!validator.IsValid) return validator.ToProblem();
        if (request.EvidenceFileId is { } fileId && !await CaseRecords.EvidenceExistsAsync(db, fileId, ct))
            return new Validator().Check(false, "evidenceFileId", "证明文件不存在，请先上传 (POST /files)").ToProblem();
        try
        {
            return await CaseRecords.RetryOnCaseChangeAsync<Results<Created<AdoptionView>, ValidationProblem, ProblemHttpResult>>(db, async () =>
            {
                var reviewCase = await db.Visible(caller).FirstOrDefaultAsync(c => c.SubmissionId == submissionId, ct);
                if (reviewCase is null) return ApiProblems.NotFound("Submission", submissionId);
                // After the lookup: another tenant's item is a 404 whatever this tenant's parent.
                if (level == AdoptionLevel.ParentBody && await TenantDirectory.ParentOfAsync(db, caller.TenantId, ct) is { } parent)
                    return ApiProblems.Conflict("parent-on-platform", "上级机关已在平台上，其采用经转报记录",
                        $"The tenant's parent body '{parent.Id}' is on the platform: its adoption is recorded when it adopts the forwarded item.");
                if (!await db.Adoptions.AnyAsync(a => a.SubmissionId == submissionId && a.Level == AdoptionLevel.OwnBody, ct))
                    return ApiProblems.Refused(CaseRecords.NotAdopted(
                        "Outside adoptions are recorded once the tenant adopted the item itself (own-body)."));
                var now = clock.GetUtcNow();
                var outcome = await AdoptionLadder.RecordAsync(db, reviewCase, level!.Value, AdoptionSource.Recorded, request.AdoptedOn!.Value,
                    now, caller.Subject, request.PublicationName!.Trim(), request.Issue!.Trim(), request.EvidenceFileId, ct);
                if (outcome is { Error: { } refused }) return ApiProblems.Refused(refused);
                db.AddAudit(caller.TenantId, caller.Subject, AuditActions.AdoptionRecorded,
                    $"submission {submissionId} (review case {reviewCase.Id})", ApiEnums.Name(level.Value));
                await db.SaveChangesAsync(ct);
                return TypedResults.Created($"/submissions/{submissionId}/adoptions", AdoptionView.From(outcome.Value!));
            });
        }
        catch (DbUpdateException e) when (AdoptionLadder.IsLevelTaken(e))
        {
            return ApiProblems.Refused(AdoptionLadder.AlreadyAdopted(level!.Value)); // recorded by another request meanwhile
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Refused(CaseRecords.Busy);
        }
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
