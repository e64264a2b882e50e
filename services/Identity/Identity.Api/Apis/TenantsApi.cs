using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Security;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;

namespace SheqingMinyi.Identity.Apis;

public sealed record CreateTenantRequest(string? Id, string? Name, TenantKind? Kind, string? ParentId);
public sealed record SuspendTenantRequest(string? Reason);
/// <summary>A suspended tenant shows since when and why (both absent while it is active).</summary>
public sealed record TenantView(string Id, string Name, TenantKind Kind, string? ParentId, DateTimeOffset? SuspendedAt = null, string? SuspendedReason = null)
{
    public static TenantView From(Tenant t) => new(t.Id, t.Name, t.Kind, t.ParentId, t.SuspendedAt, t.SuspendedReason);
}

/// <summary>租户: the bodies on the platform. The platform operator manages them; a body sees itself and its children.</summary>
public static class TenantsApi
{
    public static RouteGroupBuilder MapTenantsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tenants").WithTags("Tenants").RequireAuthorization();
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync).WithETag();
        group.MapPost("/", CreateAsync).RequireAuthorization(p => p.RequireRole(PlatformRoles.PlatformOperator)).WithIdempotency();
        group.MapTenantSuspension();
        return group;
    }

    private static IQueryable<Tenant> Visible(IdentityDbContext db, Caller caller)
    {
        if (caller.IsInRole(PlatformRoles.PlatformOperator)) return db.Tenants;
        var own = caller.TenantId;
        return db.Tenants.Where(t => t.Id == own || t.ParentId == own);
    }

    public static async Task<Ok<PagedList<TenantView>>> ListAsync(IdentityDbContext db, Caller caller, PageRequest page, CancellationToken ct) =>
        TypedResults.Ok(await Visible(db, caller).AsNoTracking().OrderBy(t => t.Id).Select(t => new TenantView(t.Id, t.Name, t.Kind, t.ParentId, t.SuspendedAt, t.SuspendedReason)).ToPageAsync(page, ct));

    public static async Task<Results<Ok<TenantView>, ProblemHttpResult>> GetAsync(string id, IdentityDbContext db, Caller caller, CancellationToken ct) =>
        await Visible(db, caller).AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) is { } tenant
            ? TypedResults.Ok(TenantView.From(tenant))
            : ApiProblems.NotFound("Tenant", id);

    public static async Task<Results<Created<TenantView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateTenantRequest request, IdentityDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Check(TenantMiddleware.IsValidTenantId(request.Id), "id", "小写字母、数字和连字符，最长 64 (lowercase letters, digits, hyphens)")
            .Required("name", request.Name, Tenant.NameMaxLength)
            .Check(request.Kind is { } kind && Enum.IsDefined(kind), "kind", $"可选: {ApiEnums.Allowed<TenantKind>()}");
        if (request.ParentId is { } parent && !await db.Tenants.AnyAsync(t => t.Id == parent, ct))
            validator.Add("parentId", "上级租户不存在 (unknown parent tenant)");
        if (!validator.IsValid) return validator.ToProblem();
        if (await db.Tenants.AnyAsync(t => t.Id == request.Id, ct))
            return ApiProblems.Conflict("duplicate-tenant", "租户已存在", $"Tenant '{request.Id}' already exists.");
        var tenant = new Tenant { Id = request.Id!, Name = request.Name!.Trim(), Kind = request.Kind!.Value, ParentId = request.ParentId, CreatedAt = clock.GetUtcNow() };
        db.Tenants.Add(tenant);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            return ApiProblems.Conflict("duplicate-tenant", "租户已存在", $"Tenant '{request.Id}' already exists.");
        }
        return TypedResults.Created($"/tenants/{tenant.Id}", TenantView.From(tenant));
    }
}
