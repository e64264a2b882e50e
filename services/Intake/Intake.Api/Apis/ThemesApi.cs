using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Intake.Apis;

public sealed record CreateThemeRequest(string? Name);

public sealed record ThemeTagView(Guid Id, string Name, bool Active, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt) : IVersioned
{
    public uint Version { get; init; }

    public static ThemeTagView From(ThemeTag t) => new(t.Id, t.Name, t.IsActive, t.CreatedAt, t.RetiredAt) { Version = t.Version };
}

/// <summary>主题标签: the tenant's theme list. Everyone who reads intake sees it; the office adds and retires tags.</summary>
public static class ThemesApi
{
    public static RouteGroupBuilder MapThemesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/themes").WithTags("Themes");
        group.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.IntakeReader);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(PlatformPolicies.IntakeReader).WithETag();
        group.MapPost("/", CreateAsync).RequireAuthorization(PlatformPolicies.IntakeEditor).WithETag().WithIdempotency();
        group.MapDelete("/{id:guid}", RetireAsync).RequireAuthorization(PlatformPolicies.IntakeEditor);
        return group;
    }

    /// <summary>The active tags by name; with <c>includeRetired=true</c> the retired ones too.</summary>
    public static async Task<Ok<PagedList<ThemeTagView>>> ListAsync(IntakeDbContext db, PageRequest page, CancellationToken ct, bool includeRetired = false)
    {
        var query = db.ThemeTags.AsNoTracking();
        if (!includeRetired) query = query.Where(t => t.RetiredAt == null);
        var result = await query.OrderBy(t => t.RetiredAt != null).ThenBy(t => t.Name).ThenBy(t => t.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(ThemeTagView.From));
    }

    public static async Task<Results<Ok<ThemeTagView>, ProblemHttpResult>> GetAsync(Guid id, IntakeDbContext db, CancellationToken ct) =>
        await db.ThemeTags.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) is { } tag
            ? TypedResults.Ok(ThemeTagView.From(tag))
            : ApiProblems.NotFound("Theme", id);

    public static async Task<Results<Created<ThemeTagView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateThemeRequest request, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("name", request.Name?.Trim(), ThemeRules.MaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var name = request.Name!.Trim();
        if (await db.ThemeTags.AnyAsync(t => t.RetiredAt == null && t.Name == name, ct)) return Exists(name);
        var tag = ThemeTag.Create(caller.TenantId, name, clock.GetUtcNow());
        db.ThemeTags.Add(tag);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Exists(name); // created at the same moment by someone else
        }
        return TypedResults.Created($"/themes/{tag.Id}", ThemeTagView.From(tag));
    }

    /// <summary>Retires a tag: no new item may take it; the items that carry it keep it.</summary>
    public static async Task<Results<Ok<ThemeTagView>, ProblemHttpResult>> RetireAsync(
        Guid id, IfMatch ifMatch, IntakeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var tag = await db.ThemeTags.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (tag is null) return ApiProblems.NotFound("Theme", id);
        if (!ifMatch.Holds(db, tag, t => t.Version)) return IfMatch.Stale("theme");
        if (tag.Retire(clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("theme");
        }
        return TypedResults.Ok(ThemeTagView.From(tag));
    }

    private static ProblemHttpResult Exists(string name) =>
        ApiProblems.Conflict("theme-exists", "已有同名的主题标签", $"An active theme tag named '{name}' exists in this tenant.");
}
