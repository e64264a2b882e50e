using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.Security;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Apis;

public sealed record CreateUnitRequest(string? Name, string? Category);
public sealed record UnitView(Guid Id, string Name, string Category);

/// <summary>单位: the tenant's committees, groups and reporting points.</summary>
public static class UnitsApi
{
    public static RouteGroupBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/units").WithTags("Units").RequireAuthorization(PlatformPolicies.PeopleReader);
        group.MapGet("/", async (PeopleDbContext db, PageRequest page, CancellationToken ct) => TypedResults.Ok(
            await db.Units.AsNoTracking().OrderBy(u => u.Name).Select(u => new UnitView(u.Id, u.Name, u.Category)).ToPageAsync(page, ct)));
        group.MapPost("/", CreateAsync).RequireAuthorization(PlatformPolicies.TenantAdmin).WithIdempotency();
        return group;
    }

    public static async Task<Results<Created<UnitView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUnitRequest request, PeopleDbContext db, Caller caller, CancellationToken ct)
    {
        var validator = new Validator().Required("name", request.Name, Unit.NameMaxLength).Required("category", request.Category, 64);
        if (!validator.IsValid) return validator.ToProblem();
        var name = request.Name!.Trim();
        if (await db.Units.AnyAsync(u => u.Name == name, ct)) return DuplicateName(name);
        var unit = Unit.Create(Guid.CreateVersion7(), caller.TenantId, name, request.Category!);
        db.Units.Add(unit);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            return DuplicateName(name);
        }
        return TypedResults.Created($"/units/{unit.Id}", new UnitView(unit.Id, unit.Name, unit.Category));
    }

    private static ProblemHttpResult DuplicateName(string name) =>
        ApiProblems.Conflict("duplicate-name", "单位名称已存在", $"A unit named '{name}' already exists.");
}
