using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Intake.Apis;

/// <summary>Why the item is taken back (optional).</summary>
public sealed record WithdrawSubmissionRequest(string? Reason = null);

/// <summary>撤回与归档: an item taken back before a decision, or a decided one put away.</summary>
public static class SubmissionLifecycleApi
{
    public const int ReasonMaxLength = 500;

    public static RouteGroupBuilder MapSubmissionLifecycleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/submissions").WithTags("Submissions");
        group.MapPost("/{id:guid}/withdraw", WithdrawAsync).RequireAuthorization(PlatformPolicies.Writer).WithIdempotency();
        group.MapPost("/{id:guid}/archive", ArchiveAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        return group;
    }

    /// <summary>By its authors or staff (a partner system: the items it sent), while draft, submitted or returned;
    /// SubmissionWithdrawn commits with the change.</summary>
    public static async Task<Results<Ok<SubmissionView>, ValidationProblem, ProblemHttpResult>> WithdrawAsync(Guid id, IfMatch ifMatch,
        IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct, WithdrawSubmissionRequest? request = null)
    {
        var validator = new Validator().Optional("reason", request?.Reason, ReasonMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var submission = await db.Visible(caller).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) return ApiProblems.NotFound("Submission", id);
        var own = caller.PersonId is { } self && submission.IsAuthor(self);
        var staff = caller.SeesWholeTenant && !caller.IsPartner;
        var sentByCaller = caller.IsPartner && submission.Provenance.PartnerClientId == caller.Subject;
        if (!own && !staff && !sentByCaller)
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-own", "只有作者或机关工作人员可以撤回稿件",
                "An item is withdrawn by its authors, by staff, or by the partner system that sent it.");
        return await ChangeAsync(db, submission, ifMatch, s => s.Withdraw(request?.Reason, clock.GetUtcNow()), ct);
    }

    /// <summary>By staff, once the item is adopted or not adopted.</summary>
    public static async Task<Results<Ok<SubmissionView>, ValidationProblem, ProblemHttpResult>> ArchiveAsync(Guid id, IfMatch ifMatch,
        IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var submission = await db.Visible(caller).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) return ApiProblems.NotFound("Submission", id);
        return await ChangeAsync(db, submission, ifMatch, s => s.Archive(clock.GetUtcNow()), ct);
    }

    private static async Task<Results<Ok<SubmissionView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(IntakeDbContext db,
        Submission submission, IfMatch ifMatch, Func<Submission, BuildingBlocks.Domain.Outcome> change, CancellationToken ct)
    {
        if (!ifMatch.Holds(db, submission, s => s.Version)) return IfMatch.Stale("submission");
        if (change(submission) is { Error: { } refused }) return ApiProblems.Refused(refused);
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
