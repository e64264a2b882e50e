using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

/// <summary>A 批示 as staff record it. Level is a string so a bad value is a 400 naming it.</summary>
public sealed record InstructionRequest(string? LeaderTitle, string? Level, string? Nature, DateOnly? InstructedOn, string? Summary,
    Guid? EvidenceFileId = null);

public sealed record InstructionView(Guid Id, InstructionLevel Level, string LeaderTitle, string Nature, DateOnly InstructedOn, string Summary,
    Guid? EvidenceFileId, string RecordedBy, IReadOnlyList<AuthorShare> Authors, IReadOnlyList<UnitShare> Units, DateTimeOffset CreatedAt)
{
    public static InstructionView From(LeaderInstruction i) => new(i.Id, i.Level, i.LeaderTitle, i.Nature, i.InstructedOn, i.Summary,
        i.EvidenceFileId, i.RecordedBy, i.Authors, i.Units, i.CreatedAt);
}

public sealed record InstructionListView(Guid SubmissionId, Guid CaseId, IReadOnlyList<InstructionView> Instructions);

/// <summary>领导批示: the leaders' instructions an adopted item won, several per item.</summary>
public static class InstructionsApi
{
    public static RouteGroupBuilder MapInstructionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/submissions/{submissionId:guid}/instructions").WithTags("Leader instructions");
        group.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.ReviewReader).WithETag();
        group.MapPost("/", RecordAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        return group;
    }

    /// <summary>
    /// Records a leader's instruction on an item of the tenant adopted at some level (409 <c>not-adopted</c> before);
    /// raises LeaderInstructionRecorded with the case's shares.
    /// </summary>
    public static async Task<Results<Created<InstructionView>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        Guid submissionId, InstructionRequest request, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var today = BodyCalendar.Today(clock.GetUtcNow());
        var nature = request.Nature?.Trim();
        var validator = new Validator()
            .Required("leaderTitle", request.LeaderTitle?.Trim(), LeaderInstruction.LeaderTitleMaxLength)
            .Check(ApiEnums.TryParse<InstructionLevel>(request.Level, out var level) && level is not null, "level",
                "必填: district (区级), municipal (市级), provincial (省部级) 或 national (国家级)")
            .Check(nature is not null && LeaderInstruction.Natures.Contains(nature), "nature", $"必填: {string.Join("、", LeaderInstruction.Natures)}")
            .Check(request.InstructedOn is not null, "instructedOn", "必填 (required), yyyy-MM-dd")
            .Check(request.InstructedOn is null || request.InstructedOn <= today, "instructedOn", "批示日期不能晚于今天 (not in the future)")
            .Required("summary", request.Summary?.Trim(), LeaderInstruction.SummaryMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        if (request.EvidenceFileId is { } fileId && !await CaseRecords.EvidenceExistsAsync(db, fileId, ct))
            return new Validator().Check(false, "evidenceFileId", "证明文件不存在，请先上传 (POST /files)").ToProblem();

        try
        {
            // Two instructions recorded at once both touch the case: the one that loses reads it again and is saved next.
            return await CaseRecords.RetryOnCaseChangeAsync<Results<Created<InstructionView>, ValidationProblem, ProblemHttpResult>>(db, async () =>
            {
                var reviewCase = await db.Visible(caller).FirstOrDefaultAsync(c => c.SubmissionId == submissionId, ct);
                if (reviewCase is null) return ApiProblems.NotFound("Submission", submissionId);
                if (!await db.Adoptions.AnyAsync(a => a.SubmissionId == submissionId, ct))
                    return ApiProblems.Refused(CaseRecords.NotAdopted("Leader instructions are recorded on items adopted at some level."));
                var instruction = LeaderInstructions.Record(db, reviewCase, level!.Value, request.LeaderTitle!.Trim(), nature!,
                    request.InstructedOn!.Value, request.Summary!.Trim(), request.EvidenceFileId, caller.Subject, clock.GetUtcNow());
                db.AddAudit(caller.TenantId, caller.Subject, AuditActions.InstructionRecorded,
                    $"submission {submissionId} (review case {reviewCase.Id})", $"{ApiEnums.Name(level.Value)} {nature}");
                await db.SaveChangesAsync(ct);
                return TypedResults.Created($"/submissions/{submissionId}/instructions", InstructionView.From(instruction));
            });
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Refused(CaseRecords.Busy);
        }
    }

    /// <summary>The instructions of an item whose case the caller may see (404 otherwise), in the order given.</summary>
    public static async Task<Results<Ok<InstructionListView>, ProblemHttpResult>> ListAsync(
        Guid submissionId, ReviewDbContext db, Caller caller, CancellationToken ct)
    {
        var reviewCase = await db.Visible(caller).AsNoTracking().FirstOrDefaultAsync(c => c.SubmissionId == submissionId, ct);
        if (reviewCase is null) return ApiProblems.NotFound("Submission", submissionId);
        var instructions = await LeaderInstructions.OfAsync(db, submissionId, ct);
        return TypedResults.Ok(new InstructionListView(submissionId, reviewCase.Id, [.. instructions.Select(InstructionView.From)]));
    }
}
