using SheqingMinyi.BuildingBlocks.Calendar;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Security;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Apis;

public sealed record StartMembershipRequest(Guid? UnitId, string? Role, DateOnly? StartsOn, DateOnly? EndsOn);
public sealed record EndMembershipRequest(DateOnly? EndsOn);
public sealed record ChangeMembershipRoleRequest(string? Role);

public sealed record MembershipView(Guid Id, Guid PersonId, string PersonName, Guid UnitId, string UnitName, string UnitCategory,
    string Role, DateOnly StartsOn, DateOnly? EndsOn) : IVersioned
{
    /// <summary>The membership's version: the ETag, not part of the body.</summary>
    public uint Version { get; init; }
}

/// <summary>
/// 任职: who belongs to which unit, with a role and dates, kept as history so "who was in which unit on a day" is
/// answerable (scoring credits the unit at submission time). Everyone of the tenant reads; the tenant admin (who
/// keeps the registry) changes them: memberships decide credit, so office directors do not.
/// </summary>
public static class MembershipsApi
{
    public static IEndpointRouteBuilder MapMembershipsApi(this IEndpointRouteBuilder app)
    {
        var persons = app.MapGroup("/persons/{personId:guid}/memberships").WithTags("Memberships").RequireAuthorization(PlatformPolicies.PeopleReader);
        persons.MapGet("/", ListOfPersonAsync).WithETag();
        persons.MapPost("/", StartAsync).RequireAuthorization(PlatformPolicies.TenantAdmin).WithIdempotency();
        var memberships = app.MapGroup("/memberships").WithTags("Memberships").RequireAuthorization(PlatformPolicies.PeopleReader);
        memberships.MapGet("/{id:guid}", GetAsync).WithETag();
        memberships.MapPut("/{id:guid}", ChangeRoleAsync).RequireAuthorization(PlatformPolicies.TenantAdmin);
        memberships.MapPost("/{id:guid}/end", EndAsync).RequireAuthorization(PlatformPolicies.TenantAdmin).WithIdempotency();
        app.MapGet("/units/{unitId:guid}/members", ListOfUnitAsync).WithETag().WithTags("Memberships").RequireAuthorization(PlatformPolicies.PeopleReader);
        return app;
    }

    /// <summary>The person's memberships: all of them, newest first, or those in force on <paramref name="on"/>.</summary>
    public static async Task<Results<Ok<PagedList<MembershipView>>, ValidationProblem, ProblemHttpResult>> ListOfPersonAsync(
        Guid personId, PeopleDbContext db, PageRequest page, CancellationToken ct, string? on = null)
    {
        if (ParseDay(on, out var day) is { } invalid) return invalid;
        if (!await db.Persons.AnyAsync(p => p.Id == personId, ct)) return ApiProblems.NotFound("Person", personId);
        var query = db.Memberships.AsNoTracking().Where(m => m.PersonId == personId);
        if (day is { } d) query = query.Where(m => m.StartsOn <= d && (m.EndsOn == null || d <= m.EndsOn));
        var rows = await Rows(db, query).OrderByDescending(r => r.Membership.StartsOn).ThenBy(r => r.UnitName).ThenBy(r => r.Membership.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(rows.Select(r => r.View()));
    }

    /// <summary>The unit's members on <paramref name="on"/> (today when not given), by name.</summary>
    public static async Task<Results<Ok<PagedList<MembershipView>>, ValidationProblem, ProblemHttpResult>> ListOfUnitAsync(
        Guid unitId, PeopleDbContext db, PageRequest page, TimeProvider clock, CancellationToken ct, string? on = null)
    {
        if (ParseDay(on, out var day) is { } invalid) return invalid;
        if (!await db.Units.AnyAsync(u => u.Id == unitId, ct)) return ApiProblems.NotFound("Unit", unitId);
        var d = day ?? BodyCalendar.Today(clock.GetUtcNow());
        var query = db.Memberships.AsNoTracking().Where(m => m.UnitId == unitId && m.StartsOn <= d && (m.EndsOn == null || d <= m.EndsOn));
        var rows = await Rows(db, query).OrderBy(r => r.PersonName).ThenBy(r => r.Membership.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(rows.Select(r => r.View()));
    }

    public static async Task<Results<Ok<MembershipView>, ProblemHttpResult>> GetAsync(Guid id, PeopleDbContext db, CancellationToken ct) =>
        await Rows(db, db.Memberships.AsNoTracking().Where(m => m.Id == id)).FirstOrDefaultAsync(ct) is { } row
            ? TypedResults.Ok(row.View())
            : ApiProblems.NotFound("Membership", id);

    public static async Task<Results<Created<MembershipView>, ValidationProblem, ProblemHttpResult>> StartAsync(
        Guid personId, StartMembershipRequest request, PeopleDbContext db, CancellationToken ct)
    {
        var validator = new Validator().Required("unitId", request.UnitId).Required("role", request.Role, Membership.RoleMaxLength)
            .Check(request.StartsOn is not null, "startsOn", "必填 (required)")
            .Check(!(request.EndsOn < request.StartsOn), "endsOn", "结束日期不能早于开始日期 (endsOn before startsOn)");
        var unit = request.UnitId is { } unitId ? await db.Units.FirstOrDefaultAsync(u => u.Id == unitId, ct) : null;
        if (request.UnitId is not null && unit is null) validator.Add("unitId", "单位不存在 (unknown unit)");
        var person = await db.Persons.FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null) return ApiProblems.NotFound("Person", personId);
        if (!validator.IsValid) return validator.ToProblem();
        var others = await db.Memberships.Where(m => m.PersonId == personId && m.UnitId == unit!.Id).ToListAsync(ct);
        var started = Membership.Begin(Guid.CreateVersion7(), person, unit!, request.Role!, request.StartsOn!.Value, request.EndsOn, others);
        if (started.Error is { } refused) return ApiProblems.Refused(refused);
        var membership = started.Value!;
        db.Memberships.Add(membership);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException error) when (error.IsExclusionViolation())
        {
            // A concurrent request added an overlapping membership after the check (the constraint of RegistrySql).
            return ApiProblems.Conflict("membership-overlap", "该人员在此单位的任职时间重叠", "An overlapping membership was added meanwhile.");
        }
        return TypedResults.Created($"/memberships/{membership.Id}", View(membership, person, unit!));
    }

    public static async Task<Results<Ok<MembershipView>, ValidationProblem, ProblemHttpResult>> ChangeRoleAsync(
        Guid id, ChangeMembershipRoleRequest request, IfMatch ifMatch, PeopleDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("role", request.Role, Membership.RoleMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        return await ChangeAsync(id, ifMatch, db, ct, m => m.ChangeRole(request.Role!, BodyCalendar.Today(clock.GetUtcNow())));
    }

    public static async Task<Results<Ok<MembershipView>, ValidationProblem, ProblemHttpResult>> EndAsync(
        Guid id, EndMembershipRequest request, IfMatch ifMatch, PeopleDbContext db, CancellationToken ct)
    {
        var validator = new Validator().Check(request.EndsOn is not null, "endsOn", "必填 (required)");
        if (!validator.IsValid) return validator.ToProblem();
        var membership = await db.Memberships.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (membership is not null && request.EndsOn < membership.StartsOn)
            return validator.Check(false, "endsOn", "结束日期不能早于开始日期 (endsOn before startsOn)").ToProblem();
        return await ChangeAsync(id, ifMatch, db, ct, m => m.End(request.EndsOn!.Value));
    }

    /// <summary>Load the tenant's membership, check If-Match, apply <paramref name="change"/>, save.</summary>
    private static async Task<Results<Ok<MembershipView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        Guid id, IfMatch ifMatch, PeopleDbContext db, CancellationToken ct, Func<Membership, BuildingBlocks.Domain.Outcome> change)
    {
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (membership is null) return ApiProblems.NotFound("Membership", id);
        if (!ifMatch.Holds(db, membership, m => m.Version)) return IfMatch.Stale("membership");
        if (change(membership) is { Error: { } refused }) return ApiProblems.Refused(refused);
        if (await RegistrySaving.SaveAsync(db, "membership", ct) is { } problem) return problem;
        var person = await db.Persons.AsNoTracking().FirstAsync(p => p.Id == membership.PersonId, ct);
        var unit = await db.Units.AsNoTracking().FirstAsync(u => u.Id == membership.UnitId, ct);
        return TypedResults.Ok(View(membership, person, unit));
    }

    private static MembershipView View(Membership m, Person p, Unit u) =>
        new(m.Id, m.PersonId, p.Name, m.UnitId, u.Name, u.Category, m.Role, m.StartsOn, m.EndsOn) { Version = (uint)m.Version };

    /// <summary>A membership with its person's and unit's names; a class with setters so the query can order by them.</summary>
    private sealed class Row
    {
        public required Membership Membership { get; init; }
        public required string PersonName { get; init; }
        public required string UnitName { get; init; }
        public required string UnitCategory { get; init; }

        public MembershipView View() => new(Membership.Id, Membership.PersonId, PersonName, Membership.UnitId, UnitName, UnitCategory,
            Membership.Role, Membership.StartsOn, Membership.EndsOn) { Version = (uint)Membership.Version };
    }

    private static IQueryable<Row> Rows(PeopleDbContext db, IQueryable<Membership> memberships) =>
        from m in memberships
        join p in db.Persons on m.PersonId equals p.Id
        join u in db.Units on m.UnitId equals u.Id
        select new Row { Membership = m, PersonName = p.Name, UnitName = u.Name, UnitCategory = u.Category };

    /// <summary>The <c>on</c> query as a day (yyyy-MM-dd); a 400 when it is not one.</summary>
    private static ValidationProblem? ParseDay(string? on, out DateOnly? day)
    {
        day = null;
        if (on is null) return null;
        if (DateOnly.TryParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return null;
        }
        return new Validator().Check(false, "on", "日期格式应为 yyyy-MM-dd (a day as yyyy-MM-dd)").ToProblem();
    }
}
