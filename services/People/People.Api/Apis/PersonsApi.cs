using SheqingMinyi.BuildingBlocks.Calendar;
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
    public string? Gender { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string> ExpertiseTags { get; init; } = [];
    /// <summary>Masked (138****1234); the full value only through GET /persons/{id}/personal-data, audited.</summary>
    public string? Phone { get; init; }
    /// <summary>Masked (5001**********123X).</summary>
    public string? IdNumber { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public static PersonView From(Person p) => new(p.Id, p.Name, p.UnitId, p.Roles)
    {
        Kinds = p.Kinds, DeactivatedAt = p.DeactivatedAt, Version = (uint)p.Version,
        Gender = p.Gender, Title = p.Title, ExpertiseTags = p.ExpertiseTags, CreatedAt = p.CreatedAt,
        Phone = PersonalData.MaskPhone(p.Phone), IdNumber = PersonalData.MaskIdNumber(p.IdNumber),
    };
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

    /// <summary>
    /// The search: <c>q</c> (name contains, or pinyin initials prefix: "zm" finds 张明), <c>kind</c>, <c>unitId</c>
    /// (main unit or a membership current today), <c>sectorId</c> (a 界别 unit, membership current today), <c>tag</c>
    /// (expertise), <c>active</c> (true by default, false, all) and <c>sort</c> (name, pinyin, createdAt; "-" for
    /// descending; name by default). Personal data is masked.
    /// </summary>
    public static async Task<Results<Ok<PagedList<PersonView>>, ValidationProblem>> ListAsync(
        [AsParameters] PersonSearch search, PeopleDbContext db, PageRequest page, TimeProvider clock, CancellationToken ct)
    {
        var validator = await search.ValidateAsync(db, ct);
        if (!validator.IsValid) return validator.ToProblem();
        var query = search.Apply(db.Persons.AsNoTracking(), db, BodyCalendar.Today(clock.GetUtcNow()));
        var result = await PersonSearch.Ordered(query, search.Sort).ToPageAsync(page, ct);
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
