using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.Security;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Apis;

/// <summary>Kinds default to those the roles imply; a unit given also starts a membership there from today
/// (role <see cref="PersonRegistration.DefaultUnitRole"/> unless <c>unitRole</c> names one).</summary>
public sealed record RegisterPersonRequest(string? Name, Guid? UnitId, IReadOnlyList<string>? Roles,
    IReadOnlyList<string>? Kinds = null, string? UnitRole = null);
public sealed record PersonView(Guid Id, string Name, Guid? UnitId, IReadOnlyList<string> Roles) : IVersioned
{
    public IReadOnlyList<string> Kinds { get; init; } = [];
    public DateTimeOffset? DeactivatedAt { get; init; }
    /// <summary>The person's version: the ETag (If-Match for PUT and deactivate), not part of the body.</summary>
    public uint Version { get; init; }

    public static PersonView From(Person p) => new(p.Id, p.Name, p.UnitId, p.Roles)
        { Kinds = p.Kinds, DeactivatedAt = p.DeactivatedAt, Version = (uint)p.Version };
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

    public static async Task<Results<Created<PersonView>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterPersonRequest request, PeopleDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = await PersonRegistration.ValidateAsync(request, db, ct);
        if (!validator.IsValid) return validator.ToProblem();
        var registered = await PersonRegistration.RegisterAsync(request, db, caller.TenantId, clock.GetUtcNow(), ct);
        if (registered.Error is { } refused) return ApiProblems.Refused(refused);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/persons/{registered.Value!.Id}", PersonView.From(registered.Value));
    }
}
