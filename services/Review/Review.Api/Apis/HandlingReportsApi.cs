using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

/// <summary>督办 and 闭环: the overdue list (the tenant's, or a department's own) and the loop figures of a period.</summary>
public static class HandlingReportsApi
{
    public static IEndpointRouteBuilder MapHandlingReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/handlings").WithTags("Handlings");
        group.MapGet("/overdue", OverdueAsync).RequireAuthorization(PlatformPolicies.HandlingReader);
        group.MapGet("/figures", FiguresAsync).RequireAuthorization(PlatformPolicies.Staff);
        return app;
    }

    /// <summary>
    /// Open handlings past their deadline (China date), most overdue first. Staff see the tenant's, or one
    /// department's with <c>departmentId</c>; a department sees only its own (another department's id is 404).
    /// </summary>
    public static async Task<Results<Ok<PagedList<HandlingView>>, ProblemHttpResult>> OverdueAsync(ReviewDbContext db, Caller caller,
        PageRequest page, TimeProvider clock, CancellationToken ct, Guid? departmentId = null)
    {
        if (caller.DepartmentId is { } own && departmentId is { } asked && asked != own) return ApiProblems.NotFound("Department", asked);
        if (departmentId is { } d && caller.DepartmentId is null && !await db.Departments.AnyAsync(x => x.Id == d, ct))
            return ApiProblems.NotFound("Department", d);
        var today = BodyCalendar.Today(clock.GetUtcNow());
        var query = db.VisibleHandlings(caller).AsNoTracking().Where(h =>
            (h.Status == HandlingStatus.Assigned || h.Status == HandlingStatus.Accepted || h.Status == HandlingStatus.InProgress) && h.Deadline < today);
        if (departmentId is { } wanted) query = query.Where(h => h.LeadDepartmentId == wanted || h.CoDepartmentIds.Contains(wanted));
        var result = await query.OrderBy(h => h.Deadline).ThenBy(h => h.AssignedAt).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(h => HandlingView.From(h, today)));
    }

    /// <summary>The loop figures of the handlings assigned in <c>period</c> (yyyy, yyyy-Qn or yyyy-MM; default this year).</summary>
    public static async Task<Results<Ok<LoopFigures>, ValidationProblem>> FiguresAsync(ReviewDbContext db, TimeProvider clock, CancellationToken ct,
        string? period = null)
    {
        var today = BodyCalendar.Today(clock.GetUtcNow());
        var key = period ?? today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!BodyPeriod.TryParse(key, out var parsed))
            return new Validator().Check(false, "period", $"格式: {BodyPeriod.Formats}").ToProblem();
        var assigned = await db.Handlings.AsNoTracking().Where(h => h.AssignedOn >= parsed!.First && h.AssignedOn <= parsed.Last).ToListAsync(ct);
        return TypedResults.Ok(LoopFigures.Of(parsed!, assigned, today));
    }
}
