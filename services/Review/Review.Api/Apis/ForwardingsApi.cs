using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

public sealed record ForwardRequest(string? Note = null);

public sealed record ForwardingView(Guid Id, Guid SubmissionId, Guid CaseId, string ParentTenantId, string ParentTenantName,
    ForwardingStatus Status, string? Note, DateTimeOffset ForwardedAt, string ForwardedBy, DateOnly? DecidedOn, string? DecisionComment)
{
    public static ForwardingView From(Forwarding f) => new(f.Id, f.SubmissionId, f.CaseId, f.ParentTenantId, f.ParentTenantName, f.Status,
        f.Note, f.ForwardedAt, f.ForwardedBy, f.DecidedOn, f.DecisionComment);
}

/// <summary>On the origin's case: where it was forwarded and what became of it.</summary>
public sealed record CaseForwardingView(string ParentTenantName, ForwardingStatus Status, DateOnly? DecidedOn);

/// <summary>On the parent's copy: the child body's name and the link ids, nothing else of the child's.</summary>
public sealed record CaseOriginView(string TenantId, string TenantName, Guid SubmissionId);

/// <summary>转报: forwarding an item adopted here up to the parent tenant, and the list of what was forwarded.</summary>
public static class ForwardingsApi
{
    public static IEndpointRouteBuilder MapForwardingsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cases/{id:guid}/forward", ForwardAsync).WithTags("Review cases").RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        app.MapGet("/forwardings", ListAsync).WithTags("Forwardings").RequireAuthorization(PlatformPolicies.Staff);
        return app;
    }

    /// <summary>Forwards a case adopted at this body's own level, once, to the parent tenant on the platform.</summary>
    public static async Task<Results<Ok<ForwardingView>, ValidationProblem, ProblemHttpResult>> ForwardAsync(Guid id, ForwardRequest? request,
        IfMatch ifMatch, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var note = request?.Note?.Trim();
        var validator = new Validator().Optional("note", note, Forwarding.NoteMaxLength);
        if (!validator.IsValid) return validator.ToProblem();

        var reviewCase = await db.Visible(caller).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (reviewCase is null) return ApiProblems.NotFound("Review case", id);
        if (!ifMatch.Holds(db, reviewCase, c => c.Version)) return IfMatch.Stale("review case");
        if (reviewCase.Status != ReviewCaseStatus.Adopted
            || !reviewCase.Decisions.Any(d => d.Action == DecisionAction.Adopt && d.AdoptionLevel == AdoptionLevel.OwnBody))
            return ApiProblems.Conflict("not-adopted", "只有本级采用的信息才能转报", $"Case {id} is {reviewCase.Status}, not adopted at own-body level.");
        if (await db.Forwardings.AnyAsync(f => f.SubmissionId == reviewCase.SubmissionId, ct))
            return AlreadyForwarded(id);
        if (await TenantDirectory.ParentOfAsync(db, caller.TenantId, ct) is not { } parent)
            return ApiProblems.Conflict("no-parent-tenant", "本单位在平台上没有上级单位，无法转报",
                $"Tenant '{caller.TenantId}' has no parent tenant on the platform.");

        var now = clock.GetUtcNow();
        var forwarding = Forwarding.Forward(reviewCase, parent.Id, parent.Name, string.IsNullOrEmpty(note) ? null : note, caller.Subject, now);
        db.Forwardings.Add(forwarding);
        reviewCase.Touch(now);
        db.AddAudit(caller.TenantId, caller.Subject, AuditActions.ReviewDecision,
            $"review case {reviewCase.Id} (submission {reviewCase.SubmissionId})", $"forward to {parent.Id}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("review case");
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            return AlreadyForwarded(id); // a concurrent forward of the same item won
        }
        return TypedResults.Ok(ForwardingView.From(forwarding));
    }

    /// <summary>The tenant's outgoing forwardings, newest first.</summary>
    public static async Task<Results<Ok<PagedList<ForwardingView>>, ValidationProblem>> ListAsync(ReviewDbContext db, PageRequest page,
        CancellationToken ct, string? status = null)
    {
        var validator = new Validator()
            .Check(ApiEnums.TryParse<ForwardingStatus>(status, out var wanted), "status", $"可选: {ApiEnums.Allowed<ForwardingStatus>()}");
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.Forwardings.AsNoTracking();
        if (wanted is not null) query = query.Where(f => f.Status == wanted);
        var result = await query.OrderByDescending(f => f.ForwardedAt).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(ForwardingView.From));
    }

    /// <summary>Adds what the case shows of forwarding: its own forwarding (origin side) or its origin (parent side).</summary>
    public static async Task<ReviewCaseView> WithForwardingAsync(this ReviewCaseView view, ReviewCase reviewCase, ReviewDbContext db,
        CancellationToken ct)
    {
        if (reviewCase is { OriginTenantId: { } originTenant, OriginSubmissionId: { } originItem })
        {
            var name = (await TenantDirectory.FindAsync(db, originTenant, ct))?.Name ?? originTenant;
            return view with { Origin = new CaseOriginView(originTenant, name, originItem) };
        }
        var forwarding = await db.Forwardings.AsNoTracking().FirstOrDefaultAsync(f => f.SubmissionId == reviewCase.SubmissionId, ct);
        return forwarding is null ? view
            : view with { Forwarding = new CaseForwardingView(forwarding.ParentTenantName, forwarding.Status, forwarding.DecidedOn) };
    }

    private static ProblemHttpResult AlreadyForwarded(Guid id) =>
        ApiProblems.Conflict("already-forwarded", "该信息已转报", $"The item of case {id} has been forwarded already.");
}
