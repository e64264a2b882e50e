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

/// <summary>meeting: weekly, half-monthly, monthly (周周议/半月谈/月月研).</summary>
public sealed record FlagGoldenIdeaRequest(Guid? SubmissionId, string? Meeting, DateOnly? MeetingOn, string? Note);

/// <summary>status: proposed, following, implemented, closed (已提出/跟进中/已落实/已办结).</summary>
public sealed record FollowUpRequest(string? Status, string? Note);

public sealed record GoldenIdeaView(Guid Id, Guid SubmissionId, string Title, GoldenIdeaMeeting Meeting, string MeetingLabel, DateOnly MeetingOn,
    string? Note, GoldenIdeaStatus Status, string StatusLabel, string? FollowUpNote, Guid? FlaggedBy, DateTimeOffset FlaggedAt, DateTimeOffset UpdatedAt) : IVersioned
{
    public uint Version { get; init; }

    public static GoldenIdeaView From(GoldenIdea g) => new(g.Id, g.SubmissionId, g.Title, g.Meeting, GoldenIdea.Label(g.Meeting), g.MeetingOn, g.Note,
        g.Status, GoldenIdea.Label(g.Status), g.FollowUpNote, g.FlaggedBy, g.FlaggedAt, g.UpdatedAt) { Version = g.Version };
}

/// <summary>
/// 金点子: staff and leaders flag submitted or adopted items for the regular meetings (周周议/半月谈/月月研) and record
/// their follow-up. Both raise events with the item's authors and units (no points by default).
/// </summary>
public static class GoldenIdeasApi
{
    public static RouteGroupBuilder MapGoldenIdeasApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/golden-ideas").WithTags("Golden ideas").RequireAuthorization(PlatformPolicies.Staff);
        group.MapPost("/", FlagAsync).WithETag().WithIdempotency();
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync).WithETag();
        group.MapPut("/{id:guid}/follow-up", FollowUpAsync);
        return group;
    }

    public static async Task<Results<Created<GoldenIdeaView>, ValidationProblem, ProblemHttpResult>> FlagAsync(
        FlagGoldenIdeaRequest request, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("submissionId", request.SubmissionId)
            .Check(request.Meeting is not null && ApiEnums.TryParse<GoldenIdeaMeeting>(request.Meeting, out _), "meeting",
                $"必填，可选: {ApiEnums.Allowed<GoldenIdeaMeeting>()} (周周议/半月谈/月月研)")
            .Check(request.MeetingOn is not null, "meetingOn", "必填 (required, yyyy-MM-dd)")
            .Optional("note", request.Note, GoldenIdea.NoteMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var item = await db.Submissions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.SubmissionId, ct);
        if (item is null) validator.Add("submissionId", "本单位没有这篇稿件 (unknown item)");
        else if (!GoldenIdea.MayFlag(item)) validator.Add("submissionId", $"只有已报送或已采用的稿件可以列为金点子 (submitted or adopted items only; this one is {ApiEnums.Name(item.Status)})");
        if (!validator.IsValid) return validator.ToProblem();
        if (await db.GoldenIdeas.AnyAsync(g => g.SubmissionId == item!.Id, ct)) return Exists(item!.Id);
        ApiEnums.TryParse<GoldenIdeaMeeting>(request.Meeting, out var meeting);
        var idea = GoldenIdea.Flag(item!, meeting!.Value, request.MeetingOn!.Value, request.Note, caller.PersonId, clock.GetUtcNow());
        db.GoldenIdeas.Add(idea);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Exists(item.Id); // flagged at the same moment by someone else
        }
        return TypedResults.Created($"/golden-ideas/{idea.Id}", GoldenIdeaView.From(idea));
    }

    /// <summary>The tenant's golden ideas, newest meeting first; <c>status</c> narrows to one follow-up status.</summary>
    public static async Task<Results<Ok<PagedList<GoldenIdeaView>>, ValidationProblem>> ListAsync(
        IntakeDbContext db, PageRequest page, CancellationToken ct, string? status = null)
    {
        var validator = new Validator().Check(ApiEnums.TryParse<GoldenIdeaStatus>(status, out var wanted), "status", $"可选: {ApiEnums.Allowed<GoldenIdeaStatus>()}");
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.GoldenIdeas.AsNoTracking();
        if (wanted is { } s) query = query.Where(g => g.Status == s);
        var result = await query.OrderByDescending(g => g.MeetingOn).ThenByDescending(g => g.FlaggedAt).ThenBy(g => g.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(GoldenIdeaView.From));
    }

    public static async Task<Results<Ok<GoldenIdeaView>, ProblemHttpResult>> GetAsync(Guid id, IntakeDbContext db, CancellationToken ct) =>
        await db.GoldenIdeas.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, ct) is { } idea
            ? TypedResults.Ok(GoldenIdeaView.From(idea))
            : NotFound(id);

    /// <summary>跟进: the new status and a note; raises GoldenIdeaFollowedUp when something changed.</summary>
    public static async Task<Results<Ok<GoldenIdeaView>, ValidationProblem, ProblemHttpResult>> FollowUpAsync(
        Guid id, FollowUpRequest request, IfMatch ifMatch, IntakeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Check(request.Status is not null && ApiEnums.TryParse<GoldenIdeaStatus>(request.Status, out _), "status",
                $"必填，可选: {ApiEnums.Allowed<GoldenIdeaStatus>()} (已提出/跟进中/已落实/已办结)")
            .Optional("note", request.Note, GoldenIdea.NoteMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var idea = await db.GoldenIdeas.FirstOrDefaultAsync(g => g.Id == id, ct);
        if (idea is null) return NotFound(id);
        if (!ifMatch.Holds(db, idea, g => g.Version)) return IfMatch.Stale("golden idea");
        var item = await db.Submissions.AsNoTracking().FirstAsync(s => s.Id == idea.SubmissionId, ct);
        ApiEnums.TryParse<GoldenIdeaStatus>(request.Status, out var status);
        idea.FollowUp(item, status!.Value, request.Note, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("golden idea");
        }
        return TypedResults.Ok(GoldenIdeaView.From(idea));
    }

    private static ProblemHttpResult NotFound(Guid id) => ApiProblems.NotFound("Golden idea", id);

    private static ProblemHttpResult Exists(Guid submissionId) => ApiProblems.Conflict("golden-idea-exists",
        "这篇稿件已列为金点子", $"Submission '{submissionId}' is a golden idea already; follow it up instead.");
}
