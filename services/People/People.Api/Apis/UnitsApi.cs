using SheqingMinyi.BuildingBlocks.Calendar;
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

public sealed record CreateUnitRequest(string? Name, string? Category, Guid? ParentId = null);
public sealed record RenameUnitRequest(string? Name);
public sealed record MoveUnitRequest(Guid? ParentId);
public sealed record CloseUnitRequest(string? Reason);

public sealed record UnitView(Guid Id, string Name, string Category, string CategoryName, Guid? ParentId, DateTimeOffset? ClosedAt,
    string? CloseReason) : IVersioned
{
    /// <summary>The unit's version: the ETag, not part of the body.</summary>
    public uint Version { get; init; }

    public static UnitView From(Unit u) => new(u.Id, u.Name, u.Category, UnitTypes.Names.GetValueOrDefault(u.Category, u.Category),
        u.ParentId, u.ClosedAt, u.CloseReason) { Version = (uint)u.Version };
}

/// <summary>单位: the tenant's committees, sectors, groups and reporting points, in a hierarchy. Anyone of the tenant
/// reads them; only the tenant admin creates, renames, moves and closes them.</summary>
public static class UnitsApi
{
    public static RouteGroupBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/units").WithTags("Units").RequireAuthorization(PlatformPolicies.PeopleReader);
        group.MapGet("/", ListAsync);
        group.MapGet("/tree", UnitTree.GetAsync);
        group.MapGet("/{id:guid}", GetAsync).WithETag();
        group.MapPost("/", CreateAsync).RequireAuthorization(PlatformPolicies.TenantAdmin).WithIdempotency();
        group.MapPut("/{id:guid}", RenameAsync).RequireAuthorization(PlatformPolicies.TenantAdmin);
        group.MapPost("/{id:guid}/move", MoveAsync).RequireAuthorization(PlatformPolicies.TenantAdmin).WithIdempotency();
        group.MapPost("/{id:guid}/close", CloseAsync).RequireAuthorization(PlatformPolicies.TenantAdmin).WithIdempotency();
        return group;
    }

    /// <summary>The 400 message for an unknown type: every type with its Chinese name.</summary>
    internal static string KnownTypes => "可选类型: " + string.Join(", ", UnitTypes.Names.Select(t => $"{t.Value} ({t.Key})"));

    public static async Task<Results<Ok<PagedList<UnitView>>, ValidationProblem>> ListAsync(
        PeopleDbContext db, PageRequest page, CancellationToken ct, string? category = null, bool includeClosed = false, Guid? parentId = null)
    {
        var validator = new Validator().Check(category is null || UnitTypes.IsKnown(category), "category", KnownTypes);
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.Units.AsNoTracking();
        if (category is not null) query = query.Where(u => u.Category == category);
        if (!includeClosed) query = query.Where(u => u.ClosedAt == null);
        if (parentId is not null) query = query.Where(u => u.ParentId == parentId);
        var result = await query.OrderBy(u => u.Name).ThenBy(u => u.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(UnitView.From));
    }

    public static async Task<Results<Ok<UnitView>, ProblemHttpResult>> GetAsync(Guid id, PeopleDbContext db, CancellationToken ct) =>
        await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct) is { } unit
            ? TypedResults.Ok(UnitView.From(unit))
            : ApiProblems.NotFound("Unit", id);

    public static async Task<Results<Created<UnitView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUnitRequest request, PeopleDbContext db, Caller caller, CancellationToken ct)
    {
        var validator = new Validator().Required("name", request.Name, Unit.NameMaxLength).Required("category", request.Category, 64);
        var category = request.Category?.Trim();
        if (!string.IsNullOrWhiteSpace(category)) validator.Check(UnitTypes.IsKnown(category), "category", KnownTypes);
        var parent = request.ParentId is { } parentId ? await db.Units.FirstOrDefaultAsync(u => u.Id == parentId, ct) : null;
        if (request.ParentId is not null && parent is null) validator.Add("parentId", "上级单位不存在 (unknown parent unit)");
        if (!validator.IsValid) return validator.ToProblem();
        var name = request.Name!.Trim();
        if (await db.Units.AnyAsync(u => u.Name == name, ct)) return DuplicateName(name);
        var created = Unit.CreateUnder(Guid.CreateVersion7(), caller.TenantId, name, category!, parent);
        if (created.Error is { } refused) return ApiProblems.Refused(refused);
        var unit = created.Value!;
        db.Units.Add(unit);
        if (await RegistrySaving.SaveAsync(db, "unit", ct, name) is { } problem) return problem;
        return TypedResults.Created($"/units/{unit.Id}", UnitView.From(unit));
    }

    public static async Task<Results<Ok<UnitView>, ValidationProblem, ProblemHttpResult>> RenameAsync(
        Guid id, RenameUnitRequest request, IfMatch ifMatch, PeopleDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("name", request.Name, Unit.NameMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return ApiProblems.NotFound("Unit", id);
        if (!ifMatch.Holds(db, unit, u => u.Version)) return IfMatch.Stale("unit");
        var name = request.Name!.Trim();
        if (name != unit.Name && await db.Units.AnyAsync(u => u.Name == name && u.Id != id, ct)) return DuplicateName(name);
        if (unit.Rename(name, clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
        if (await RegistrySaving.SaveAsync(db, "unit", ct, name) is { } problem) return problem;
        return TypedResults.Ok(UnitView.From(unit));
    }

    public static async Task<Results<Ok<UnitView>, ValidationProblem, ProblemHttpResult>> MoveAsync(
        Guid id, MoveUnitRequest request, IfMatch ifMatch, PeopleDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return ApiProblems.NotFound("Unit", id);
        var parent = request.ParentId is { } parentId ? await db.Units.FirstOrDefaultAsync(u => u.Id == parentId, ct) : null;
        if (request.ParentId is not null && parent is null)
            return new Validator().Check(false, "parentId", "上级单位不存在 (unknown parent unit)").ToProblem();
        if (!ifMatch.Holds(db, unit, u => u.Version)) return IfMatch.Stale("unit");
        var lineage = parent is null ? [] : await LineageAsync(db, parent.Id, ct);
        if (unit.MoveTo(parent, lineage, clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
        if (await RegistrySaving.SaveAsync(db, "unit", ct) is { } problem) return problem;
        return TypedResults.Ok(UnitView.From(unit));
    }

    /// <summary>Closes the unit and ends its current memberships that day (their rows stay: history answers as before).</summary>
    public static async Task<Results<Ok<UnitView>, ValidationProblem, ProblemHttpResult>> CloseAsync(
        Guid id, CloseUnitRequest request, IfMatch ifMatch, PeopleDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("reason", request.Reason, Unit.CloseReasonMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return ApiProblems.NotFound("Unit", id);
        if (!ifMatch.Holds(db, unit, u => u.Version)) return IfMatch.Stale("unit");
        var now = clock.GetUtcNow();
        var openChildren = await db.Units.CountAsync(u => u.ParentId == id && u.ClosedAt == null, ct);
        if (unit.Close(request.Reason!, openChildren, now) is { Error: { } refused }) return ApiProblems.Refused(refused);
        var today = BodyCalendar.Today(now);
        foreach (var membership in await db.Memberships.Where(m => m.UnitId == id && (m.EndsOn == null || m.EndsOn > today)).ToListAsync(ct))
            membership.EndOnLeaving(today);
        if (await RegistrySaving.SaveAsync(db, "unit", ct) is { } problem) return problem;
        return TypedResults.Ok(UnitView.From(unit));
    }

    /// <summary>The unit and every unit above it (the tenant's units only: row security and the query filter).</summary>
    private static async Task<List<Guid>> LineageAsync(PeopleDbContext db, Guid unitId, CancellationToken ct)
    {
        var parents = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.ParentId, ct);
        var lineage = new List<Guid>();
        for (Guid? at = unitId; at is { } current && !lineage.Contains(current); at = parents.GetValueOrDefault(current))
            lineage.Add(current);
        return lineage;
    }

    internal static ProblemHttpResult DuplicateName(string name) =>
        ApiProblems.Conflict("duplicate-name", "单位名称已存在", $"A unit named '{name}' already exists.");
}
