using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Security;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Apis;

/// <summary>
/// A new draft. CoAuthorPersonIds follow the lead author in order. Type and Channel are the API names
/// (situation-report by default; channel portal for a person, partner for a partner system).
/// </summary>
public sealed record CreateSubmissionRequest(string? Title, string? Body, Guid? AuthorPersonId, Guid? UnitId,
    IReadOnlyList<Guid>? CoAuthorPersonIds = null, string? Type = null, IReadOnlyList<string>? Themes = null,
    string? Channel = null, Guid? SolicitationId = null, Guid? ReportingPointId = null, string? ActivityKind = null,
    string? ActivityReference = null);

/// <summary>A revision: the whole text again, with why (optional). Type and themes stay as they were when omitted.</summary>
public sealed record EditSubmissionRequest(string? Title, string? Body, string? Type = null, IReadOnlyList<string>? Themes = null, string? Reason = null);

/// <summary>A forwarded copy's origin: the child body's name and the link ids, nothing else of the child's.</summary>
public sealed record OriginView(string TenantId, string TenantName, Guid SubmissionId, string? Byline);

public sealed record ProvenanceView(SubmissionChannel Channel, string ChannelName, string? PartnerClientId, Guid? ClueId,
    Guid? ReportingPointId, DutyActivityKind? ActivityKind, string? ActivityReference, DateOnly? ReplyDueOn, OriginView? Origin = null)
{
    public static ProvenanceView From(Provenance p) => new(p.Channel, SubmissionKindNames.Chinese(p.Channel), p.PartnerClientId,
        p.ClueId, p.ReportingPointId, p.ActivityKind, p.ActivityReference, p.ReplyDueOn,
        p is { OriginTenantId: { } tenant, OriginSubmissionId: { } item } ? new OriginView(tenant, p.OriginTenantName ?? tenant, item, p.OriginByline) : null);
}

public sealed record SubmissionView(
    Guid Id, string Title, string Body, Guid AuthorPersonId, IReadOnlyList<Guid> AuthorPersonIds, Guid UnitId,
    SubmissionType Type, IReadOnlyList<string> Themes, ProvenanceView Provenance, Guid? SolicitationId, SubmissionStatus Status,
    int ContentVersion, IReadOnlyList<string> AdoptionLevels, string? ReviewComment, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt) : IVersioned
{
    /// <summary>The row version read: the ETag, not part of the body.</summary>
    public uint Version { get; init; }
    /// <summary>In a search's answer: the body around the first hit, the hit in 【】.</summary>
    public string? Snippet { get; init; }

    public static SubmissionView From(Submission s) => new(s.Id, s.Title, s.Body, s.AuthorPersonId, s.AuthorPersonIds, s.UnitId,
        s.Type, s.Themes, ProvenanceView.From(s.Provenance), s.SolicitationId, s.Status, s.ContentVersion,
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
        var validator = new Validator();
        var (submission, forbidden) = await NewDraft.AddAsync(validator, request, db, caller, clock, ct);
        if (forbidden is not null) return forbidden;
        if (submission is null) return validator.ToProblem();
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/submissions/{submission.Id}", SubmissionView.From(submission));
    }

    public static async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> GetAsync(Guid id, IntakeDbContext db, Caller caller, CancellationToken ct) =>
        await db.Visible(caller).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } submission
            ? TypedResults.Ok(SubmissionView.From(submission))
            : ApiProblems.NotFound("Submission", id);

    public static async Task<Results<Ok<SubmissionView>, ValidationProblem, ProblemHttpResult>> EditAsync(
        Guid id, EditSubmissionRequest request, IfMatch ifMatch, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Required("title", request.Title, Submission.TitleMaxLength)
            .Required("body", request.Body, Submission.BodyMaxLength)
            .Optional("reason", request.Reason, SubmissionVersion.ReasonMaxLength)
            .Check(ApiEnums.TryParse<SubmissionType>(request.Type, out var type), "type", $"可选: {ApiEnums.Allowed<SubmissionType>()}");
        ThemeRules.Check(validator, "themes", request.Themes);
        if (!validator.IsValid) return validator.ToProblem();
        var submission = await db.Visible(caller).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) return ApiProblems.NotFound("Submission", id);
        if (!(await validator.CheckListedAsync(db, "themes", request.Themes, submission.Themes, ct)).IsValid) return validator.ToProblem();
        if (!ifMatch.Holds(db, submission, s => s.Version)) return IfMatch.Stale("submission");
        var content = new SubmissionContent(request.Title!, request.Body!, type ?? submission.Type, request.Themes ?? submission.Themes);
        var edited = submission.Edit(content, caller.PersonId, request.Reason, clock.GetUtcNow());
        if (edited.Error is { } refused) return ApiProblems.Refused(refused);
        if (edited.Value is { } version) db.SubmissionVersions.Add(version);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.IsUniqueViolation())
        {
            // Changed after it was read (the row version, or a concurrent edit's same version number): the If-Match no longer holds.
            return IfMatch.Stale("submission");
        }
        return TypedResults.Ok(SubmissionView.From(submission));
    }

    /// <summary>Submits a draft (or a returned item) for review; SubmissionSubmitted commits with the change.</summary>
    public static async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> SubmitAsync(
        Guid id, IfMatch ifMatch, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var submission = await db.Visible(caller).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) return ApiProblems.NotFound("Submission", id);
        if (!ifMatch.Holds(db, submission, s => s.Version)) return IfMatch.Stale("submission");
        if (await AuthorCheck.InactiveAuthorOrUnitAsync(db, submission.AuthorPersonIds, submission.UnitId, ct) is { } gone)
            return ApiProblems.Refused(gone);
        var bonus = await SolicitationRules.BonusOfAsync(db, submission.SolicitationId, ct);
        // A chair-direct item's deadline and readers come from the tenant's chair channel as it is now.
        var chair = submission.Provenance.Channel == SubmissionChannel.ChairDirect ? await db.ChairChannels.AsNoTracking().FirstOrDefaultAsync(ct) : null;
        if (submission.Submit(clock.GetUtcNow(), bonus, chair) is { Error: { } refused }) return ApiProblems.Refused(refused);
        // Near-duplicates are not scored here: SimilarItemsHandler does it from SubmissionSubmitted once this commits,
        // so a tenant's volume of items never lengthens the submit.
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
