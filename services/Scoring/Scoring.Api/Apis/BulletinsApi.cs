using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Bulletins;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Scoring.Apis;

/// <summary>POST /bulletins: period 2026-11 (monthly), 2026-Q4 (quarterly) or 2026-H2 (half-yearly); normaliseByUnitSize adds
/// each unit's members and counts per member (left out: the tenant's setting).</summary>
public sealed record BulletinRequest(string? Period, bool? NormaliseByUnitSize = null);

/// <summary>A change of the tenant's bulletin settings.</summary>
public sealed record BulletinSettingsRequest(bool? NormaliseByUnitSize);

/// <summary>The tenant's bulletin settings; ETag = version ("0" while the defaults apply: no normalisation).</summary>
public sealed record BulletinSettingsView(bool IsDefault, bool NormaliseByUnitSize, DateTimeOffset? UpdatedAt, string? UpdatedBy) : IVersioned
{
    public uint Version { get; init; }

    public static BulletinSettingsView From(BulletinSettings? row) => row is null
        ? new(true, false, null, null) { Version = 0 }
        : new(false, row.NormaliseByUnitSize, row.UpdatedAt, row.UpdatedBy) { Version = (uint)row.Version };
}

public sealed record BulletinSummary(Guid Id, string Kind, string Period, string Title, bool Scheduled, DateTimeOffset GeneratedAt, string GeneratedBy);

public sealed record BulletinView(Guid Id, string Kind, string Period, string Title, bool Scheduled, DateTimeOffset GeneratedAt, string GeneratedBy,
    BulletinContent Content);

/// <summary>通报: staff and leaders generate a bulletin on demand, list and read the stored ones and export them as XLSX;
/// the schedule adds each finished period's (<see cref="BulletinScheduler"/>).</summary>
public static class BulletinsApi
{
    public static RouteGroupBuilder MapBulletinsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/bulletins").WithTags("Bulletins").RequireAuthorization(PlatformPolicies.Staff);
        group.MapPost("/", GenerateAsync).WithIdempotency();
        group.MapGet("/settings", SettingsAsync).WithETag();
        group.MapPut("/settings", ChangeSettingsAsync).RequireAuthorization(PlatformPolicies.TenantAdmin);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync).WithETag();
        group.MapGet("/{id:guid}/xlsx", XlsxAsync).WithETag();
        return group;
    }

    public static async Task<Results<Created<BulletinView>, ValidationProblem>> GenerateAsync(BulletinRequest request, BulletinGeneration generation,
        Caller caller, CancellationToken ct)
    {
        if (!BulletinPeriod.TryParse(request.Period, out var period))
            return new Validator().Check(false, "period", "通报期间格式: 2026-11（月）、2026-Q4（季度）或 2026-H2（半年）").ToProblem();
        var normalise = request.NormaliseByUnitSize ?? await generation.NormalisesAsync(ct);
        var bulletin = await generation.GenerateAsync(caller.TenantId, period, normalise, caller.Subject, ct);
        return TypedResults.Created($"/bulletins/{bulletin.Id}", View(bulletin));
    }

    public static async Task<Ok<BulletinSettingsView>> SettingsAsync(ScoringDbContext db, CancellationToken ct) =>
        TypedResults.Ok(BulletinSettingsView.From(await db.BulletinSettings.AsNoTracking().FirstOrDefaultAsync(ct)));

    /// <summary>Turns normalisation by unit size on or off for the schedule and for POSTs that do not say (If-Match: the
    /// settings' ETag, "0" before the first change).</summary>
    public static async Task<Results<Ok<BulletinSettingsView>, ValidationProblem, ProblemHttpResult>> ChangeSettingsAsync(
        BulletinSettingsRequest request, IfMatch ifMatch, ScoringDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        if (request.NormaliseByUnitSize is not { } normalise)
            return new Validator().Check(false, "normaliseByUnitSize", "必填：是否按单位人数折算（true 或 false）").ToProblem();
        var row = await db.BulletinSettings.FirstOrDefaultAsync(ct);
        if (row is null)
        {
            if (!ifMatch.HoldsAbsent) return IfMatch.Stale("bulletin settings");
            db.BulletinSettings.Add(row = BulletinSettings.Create(caller.TenantId));
        }
        else if (!ifMatch.Holds(db, row, r => r.Version)) return IfMatch.Stale("bulletin settings");
        row.Change(normalise, clock.GetUtcNow(), caller.Subject);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) // another change won the race
        {
            return IfMatch.Stale("bulletin settings");
        }
        return TypedResults.Ok(BulletinSettingsView.From(row));
    }

    /// <summary>Newest first; kind (monthly, quarterly, half-yearly) and period filter.</summary>
    public static async Task<Results<Ok<PagedList<BulletinSummary>>, ValidationProblem>> ListAsync(ScoringDbContext db, PageRequest page,
        CancellationToken ct, string? kind = null, string? period = null)
    {
        if (kind is not null && !BulletinPeriod.Kinds.Contains(kind))
            return new Validator().Check(false, "kind", "通报类型应为 monthly、quarterly 或 half-yearly").ToProblem();
        var query = db.Bulletins.AsNoTracking();
        if (kind is not null) query = query.Where(b => b.Kind == kind);
        if (period is not null) query = query.Where(b => b.Period == period);
        return TypedResults.Ok(await query.OrderByDescending(b => b.GeneratedAt).ThenBy(b => b.Id)
            .Select(b => new BulletinSummary(b.Id, b.Kind, b.Period, b.Title, b.Scheduled, b.GeneratedAt, b.GeneratedBy)).ToPageAsync(page, ct));
    }

    public static async Task<Results<Ok<BulletinView>, ProblemHttpResult>> GetAsync(Guid id, ScoringDbContext db, CancellationToken ct) =>
        await db.Bulletins.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct) is { } bulletin
            ? TypedResults.Ok(View(bulletin))
            : ApiProblems.NotFound("Bulletin", id);

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> XlsxAsync(Guid id, ScoringDbContext db, CancellationToken ct) =>
        await db.Bulletins.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct) is { } bulletin
            ? TypedResults.File(BulletinExport.Xlsx(BulletinGeneration.Read(bulletin)), BulletinExport.ContentType, $"{bulletin.Title}.xlsx")
            : ApiProblems.NotFound("Bulletin", id);

    private static BulletinView View(Bulletin b) =>
        new(b.Id, b.Kind, b.Period, b.Title, b.Scheduled, b.GeneratedAt, b.GeneratedBy, BulletinGeneration.Read(b));
}
