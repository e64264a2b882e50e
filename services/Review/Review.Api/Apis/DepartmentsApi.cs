using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

public sealed record CreateDepartmentRequest(string? Name);

public sealed record UpdateDepartmentRequest(string? Name, bool? Active);

public sealed record DepartmentView(Guid Id, string Name, bool Active, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IVersioned
{
    public uint Version { get; init; }

    public static DepartmentView From(Department d) => new(d.Id, d.Name, d.Active, d.CreatedAt, d.UpdatedAt) { Version = d.Version };
}

/// <summary>承办单位: the government departments of the tenant that items are assigned to (交办), kept by staff.</summary>
public static class DepartmentsApi
{
    public const string AuditAction = "department-changed";

    public static RouteGroupBuilder MapDepartmentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/departments").WithTags("Departments");
        // Departments read the list too: a transfer request names the department to hand over to.
        group.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.HandlingReader);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(PlatformPolicies.HandlingReader).WithETag();
        group.MapPost("/", CreateAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(PlatformPolicies.Staff);
        return group;
    }

    public static async Task<Results<Ok<PagedList<DepartmentView>>, ValidationProblem>> ListAsync(ReviewDbContext db, PageRequest page,
        CancellationToken ct, bool? active = null)
    {
        var query = db.Departments.AsNoTracking();
        if (active is { } wanted) query = query.Where(d => d.Active == wanted);
        var result = await query.OrderBy(d => d.Name).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(DepartmentView.From));
    }

    public static async Task<Results<Ok<DepartmentView>, ProblemHttpResult>> GetAsync(Guid id, ReviewDbContext db, CancellationToken ct)
    {
        var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        return department is null ? ApiProblems.NotFound("Department", id) : TypedResults.Ok(DepartmentView.From(department));
    }

    public static async Task<Results<Created<DepartmentView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateDepartmentRequest request, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var name = request.Name?.Trim();
        var validator = new Validator().Required("name", name, Department.NameMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var department = Department.Create(caller.TenantId, name!, clock.GetUtcNow());
        db.Departments.Add(department);
        db.AddAudit(caller.TenantId, caller.Subject, AuditAction, $"department {department.Id}", $"created {name}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            return NameTaken(name!);
        }
        return TypedResults.Created($"/departments/{department.Id}", DepartmentView.From(department));
    }

    /// <summary>Renames or (de)activates (If-Match); an inactive department gets no new assignments but keeps its own.</summary>
    public static async Task<Results<Ok<DepartmentView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id,
        UpdateDepartmentRequest request, IfMatch ifMatch, ReviewDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var name = request.Name?.Trim();
        var validator = new Validator().Required("name", name, Department.NameMaxLength)
            .Check(request.Active is not null, "active", "必填: true 或 false (required)");
        if (!validator.IsValid) return validator.ToProblem();
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (department is null) return ApiProblems.NotFound("Department", id);
        if (!ifMatch.Holds(db, department, d => d.Version)) return IfMatch.Stale("department");
        if (department.Update(name!, request.Active!.Value, clock.GetUtcNow()))
            db.AddAudit(caller.TenantId, caller.Subject, AuditAction, $"department {id}", $"{name} active={request.Active}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("department");
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            return NameTaken(name!);
        }
        return TypedResults.Ok(DepartmentView.From(department));
    }

    private static ProblemHttpResult NameTaken(string name) =>
        ApiProblems.Conflict("department-exists", "已有同名的承办单位", $"A department named '{name}' exists in the tenant.");
}
