using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.Security;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Apis;

public sealed record RegisterPersonRequest(string? Name, Guid? UnitId, IReadOnlyList<string>? Roles);
public sealed record PersonView(Guid Id, string Name, Guid? UnitId, IReadOnlyList<string> Roles)
{
    public static PersonView From(Person p) => new(p.Id, p.Name, p.UnitId, p.Roles);
}

/// <summary>人员: members, special officers and office staff of the tenant.</summary>
public static class PersonsApi
{
    public static RouteGroupBuilder MapPersonsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/persons").WithTags("Persons").RequireAuthorization(PlatformPolicies.PeopleReader);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync).WithETag();
        group.MapPost("/", RegisterAsync).RequireAuthorization(PlatformPolicies.TenantAdmin).WithIdempotency();
        return group;
    }

    public static async Task<Ok<PagedList<PersonView>>> ListAsync(
        PeopleDbContext db, PageRequest page, CancellationToken ct, Guid? unitId = null)
    {
        var query = db.Persons.AsNoTracking();
        if (unitId is not null) query = query.Where(p => p.UnitId == unitId);
        var result = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(PersonView.From));
    }

    public static async Task<Results<Ok<PersonView>, ProblemHttpResult>> GetAsync(Guid id, PeopleDbContext db, CancellationToken ct) =>
        await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } person
            ? TypedResults.Ok(PersonView.From(person))
            : ApiProblems.NotFound("Person", id);

    public static async Task<Results<Created<PersonView>, ValidationProblem>> RegisterAsync(
        RegisterPersonRequest request, PeopleDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var roles = request.Roles ?? [];
        var validator = new Validator()
            .Required("name", request.Name, Person.NameMaxLength)
            .Check(roles.All(Person.KnownRoles.Contains), "roles", $"可选角色: {string.Join(", ", Person.KnownRoles)}");
        if (request.UnitId is { } unitId && !await db.Units.AnyAsync(u => u.Id == unitId, ct))
            validator.Add("unitId", "单位不存在 (unknown unit)");
        if (!validator.IsValid) return validator.ToProblem();

        var person = Person.Register(Guid.CreateVersion7(), caller.TenantId, request.Name!, request.UnitId, roles, clock.GetUtcNow());
        db.Persons.Add(person);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/persons/{person.Id}", PersonView.From(person));
    }
}
