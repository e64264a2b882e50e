using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

/// <summary>交办 as staff send it: the item, its lead and co-handling departments, the deadline (China date), and
/// optionally the instruction it follows, the 督办 leader and a note.</summary>
public sealed record AssignHandlingRequest(Guid? SubmissionId, Guid? LeadDepartmentId, IReadOnlyList<Guid>? CoDepartmentIds, DateOnly? Deadline,
    Guid? InstructionId = null, Guid? SupervisorPersonId = null, string? Note = null);

/// <summary>交办: assigning adopted items to departments, and reading handlings (each caller those it may see).</summary>
public static class HandlingsApi
{
    public const string AuditAction = "handling-changed";

    public static RouteGroupBuilder MapHandlingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/handlings").WithTags("Handlings");
        group.MapPost("/", AssignAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        group.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.HandlingReader);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(PlatformPolicies.HandlingReader).WithETag();
        return group;
    }

    /// <summary>
    /// Assigns an item of the tenant adopted at some level (409 <c>not-adopted</c> before) to active departments of the
    /// tenant; once per item and instruction (409 <c>already-assigned</c>). Raises HandlingAssigned with the authors.
    /// </summary>
    public static async Task<Results<Created<HandlingView>, ValidationProblem, ProblemHttpResult>> AssignAsync(AssignHandlingRequest request,
        ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = BodyCalendar.Today(now);
        var co = request.CoDepartmentIds ?? [];
        var note = request.Note?.Trim();
        var validator = new Validator()
            .Required("submissionId", request.SubmissionId)
            .Required("leadDepartmentId", request.LeadDepartmentId)
            .Check(co.Count <= Handling.MaxCoHandling, "coDepartmentIds", $"协办单位最多 {Handling.MaxCoHandling} 个 (at most {Handling.MaxCoHandling})")
            .Check(co.Distinct().Count() == co.Count, "coDepartmentIds", "协办单位不能重复 (each once)")
            .Check(request.LeadDepartmentId is null || !co.Contains(request.LeadDepartmentId.Value), "coDepartmentIds", "主办单位不能同时是协办单位 (the lead is not a co-handler)")
            .Check(request.Deadline is not null, "deadline", "必填 (required), yyyy-MM-dd")
            .Check(request.Deadline is null || request.Deadline > today, "deadline", "办理期限须晚于今天 (after today)")
            .Check(request.Deadline is null || request.Deadline <= today.AddDays(Handling.MaxDeadlineDays), "deadline",
                $"办理期限不能超过 {Handling.MaxDeadlineDays} 天 (within {Handling.MaxDeadlineDays} days)")
            .Optional("note", note, Handling.NoteMaxLength);
        if (!validator.IsValid) return validator.ToProblem();

        var ids = co.Prepend(request.LeadDepartmentId!.Value).ToList();
        var departments = await db.Departments.Where(d => ids.Contains(d.Id) && d.Active).ToDictionaryAsync(d => d.Id, ct);
        validator.Check(departments.ContainsKey(request.LeadDepartmentId.Value), "leadDepartmentId", "不是本单位在用的承办单位 (not an active department of the tenant)");
        for (var i = 0; i < co.Count; i++)
            validator.Check(departments.ContainsKey(co[i]), $"coDepartmentIds[{i}]", "不是本单位在用的承办单位 (not an active department of the tenant)");
        if (request.SupervisorPersonId is not null)
            await validator.CheckPersonAsync(db, "supervisorPersonId", request.SupervisorPersonId, ct);
        if (!validator.IsValid) return validator.ToProblem();

        var reviewCase = await db.Visible(caller).AsNoTracking().FirstOrDefaultAsync(c => c.SubmissionId == request.SubmissionId, ct);
        if (reviewCase is null) return ApiProblems.NotFound("Submission", request.SubmissionId!.Value);
        if (request.InstructionId is { } instructionId
            && !await db.LeaderInstructions.AnyAsync(i => i.Id == instructionId && i.SubmissionId == reviewCase.SubmissionId, ct))
            return new Validator().Check(false, "instructionId", "不是该信息的领导批示 (not an instruction of this item)").ToProblem();
        var adoptedOn = await db.Adoptions.Where(a => a.SubmissionId == reviewCase.SubmissionId).OrderBy(a => a.AdoptedOn)
            .Select(a => (DateOnly?)a.AdoptedOn).FirstOrDefaultAsync(ct);
        if (adoptedOn is null) return ApiProblems.Refused(CaseRecords.NotAdopted("Items are assigned to departments once adopted at some level."));

        var handling = Handling.Assign(reviewCase, request.InstructionId, departments[request.LeadDepartmentId.Value],
            [.. co.Select(id => departments[id])], request.Deadline!.Value, adoptedOn.Value, request.SupervisorPersonId,
            string.IsNullOrEmpty(note) ? null : note, caller.Subject, now, today);
        db.Handlings.Add(handling);
        db.AddAudit(caller.TenantId, caller.Subject, AuditAction, $"handling {handling.Id} (submission {handling.SubmissionId})",
            $"assigned to {handling.LeadDepartmentName}, deadline {handling.Deadline:yyyy-MM-dd}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            return ApiProblems.Conflict("already-assigned", "该信息已就此交办", "The item was assigned already (for this instruction, or without one).");
        }
        return TypedResults.Created($"/handlings/{handling.Id}", HandlingView.From(handling, today));
    }

    /// <summary>The handlings the caller may see (a department: its queue), most urgent deadline first.</summary>
    public static async Task<Results<Ok<PagedList<HandlingView>>, ValidationProblem>> ListAsync(ReviewDbContext db, Caller caller, PageRequest page,
        TimeProvider clock, CancellationToken ct, string? status = null, Guid? submissionId = null, Guid? departmentId = null)
    {
        var validator = new Validator()
            .Check(ApiEnums.TryParse<HandlingStatus>(status, out var wanted), "status", $"可选: {ApiEnums.Allowed<HandlingStatus>()}");
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.VisibleHandlings(caller).AsNoTracking();
        if (wanted is not null) query = query.Where(h => h.Status == wanted);
        if (submissionId is not null) query = query.Where(h => h.SubmissionId == submissionId);
        if (departmentId is { } d) query = query.Where(h => h.LeadDepartmentId == d || h.CoDepartmentIds.Contains(d));
        var today = BodyCalendar.Today(clock.GetUtcNow());
        var result = await query.OrderBy(h => h.Deadline).ThenBy(h => h.AssignedAt).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(h => HandlingView.From(h, today)));
    }

    public static async Task<Results<Ok<HandlingView>, ProblemHttpResult>> GetAsync(Guid id, ReviewDbContext db, Caller caller, TimeProvider clock,
        CancellationToken ct)
    {
        var handling = await db.VisibleHandlings(caller).AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, ct);
        return handling is null ? ApiProblems.NotFound("Handling", id) : TypedResults.Ok(HandlingView.From(handling, BodyCalendar.Today(clock.GetUtcNow())));
    }
}
