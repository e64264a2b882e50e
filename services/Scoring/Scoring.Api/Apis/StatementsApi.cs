using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Scoring.Apis;

/// <summary>One line of a statement: the points, why (in Chinese), for which item, under which rules, when.</summary>
public sealed record StatementLine(Guid EntryId, string Reason, string Label, Guid SourceId, Guid? ItemId, int RuleVersion,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, decimal Points, Guid? CorrectsId);

/// <summary>积分明细单: every entry of a person (or a unit) in a period, oldest first; Total is their sum, the board's score.</summary>
public sealed record StatementView(string Period, Guid? PersonId, Guid? UnitId, string? Name, decimal Total, IReadOnlyList<StatementLine> Entries);

/// <summary>
/// Statements: a person's points in a period line by line (a member reads their own; staff and partners any of the
/// tenant's), and a unit's (staff and partners: the unit's part of each item, which is the item's points once).
/// </summary>
public static class StatementsApi
{
    public static RouteGroupBuilder MapStatementsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/statements").WithTags("Statements").RequireAuthorization(PlatformPolicies.ScoringReader);
        group.MapGet("/persons/{personId:guid}", PersonAsync).WithETag();
        group.MapGet("/units/{unitId:guid}", UnitAsync).WithETag();
        return group;
    }

    public static async Task<Results<Ok<StatementView>, ValidationProblem, ProblemHttpResult>> PersonAsync(
        Guid personId, ScoringDbContext db, Caller caller, TimeProvider clock, CancellationToken ct, string? period = null)
    {
        if (!TryPeriod(period, clock, out var parsed, out var problem)) return problem!;
        // No entry ever in this tenant: no statement (as no rank), whoever the id is (another tenant's person or none);
        // looked up before the ownership check, so a refusal is only ever about this tenant's own persons.
        if (!await db.Ledger.AnyAsync(l => l.PersonId == personId, ct))
            return ApiProblems.NotFound("Statement of person", personId);
        if (!caller.SeesWholeTenant && caller.PersonId != personId)
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-own", "只能查看本人的积分明细", "A member reads their own statement only.");
        var lines = await LinesAsync(db, InPeriod(db, parsed).Where(l => l.PersonId == personId), unit: false, ct);
        var name = await db.Persons.AsNoTracking().Where(p => p.PersonId == personId).Select(p => new { p.Name }).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(new StatementView(parsed.Key, personId, null, name?.Name, lines.Sum(l => l.Points), lines));
    }

    public static async Task<Results<Ok<StatementView>, ValidationProblem, ProblemHttpResult>> UnitAsync(
        Guid unitId, ScoringDbContext db, Caller caller, TimeProvider clock, CancellationToken ct, string? period = null)
    {
        if (!TryPeriod(period, clock, out var parsed, out var problem)) return problem!;
        if (!await db.Ledger.AnyAsync(l => l.UnitId == unitId, ct)) return ApiProblems.NotFound("Statement of unit", unitId);
        if (!caller.SeesWholeTenant)
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "无权查看单位积分明细", "A unit's statement is for staff.");
        var lines = await LinesAsync(db, InPeriod(db, parsed).Where(l => l.UnitId == unitId), unit: true, ct);
        var name = await db.Units.AsNoTracking().Where(u => u.UnitId == unitId).Select(u => new { u.Name }).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(new StatementView(parsed.Key, null, unitId, name?.Name, lines.Sum(l => l.Points), lines));
    }

    private static IQueryable<LedgerEntry> InPeriod(ScoringDbContext db, ScoringPeriod period) =>
        db.Ledger.AsNoTracking().Where(l => l.OccurredAt >= period.Start && l.OccurredAt < period.End);

    /// <summary>The lines with their source items (a fact's item: the submission behind an instruction or golden idea).</summary>
    private static async Task<IReadOnlyList<StatementLine>> LinesAsync(ScoringDbContext db, IQueryable<LedgerEntry> entries, bool unit,
        CancellationToken ct)
    {
        var rows = await entries.OrderBy(l => l.OccurredAt).ThenBy(l => l.RecordedAt).ThenBy(l => l.Id).ToListAsync(ct);
        var sources = rows.Select(r => r.SourceId).Distinct().ToList();
        var items = (await db.Facts.AsNoTracking().Where(f => sources.Contains(f.SourceId) && f.ItemId != null)
                .Select(f => new { f.SourceId, f.ItemId }).Distinct().ToListAsync(ct))
            .GroupBy(f => f.SourceId).ToDictionary(g => g.Key, g => g.First().ItemId);
        return [.. rows.Select(r => new StatementLine(r.Id, r.Reason, ReasonLabels.Of(r.Reason, r.CorrectsId is not null, r.RuleVersion), r.SourceId,
            items.GetValueOrDefault(r.SourceId) ?? (r.Reason == ScoringRules.TrainingReason ? null : r.SourceId), r.RuleVersion, r.OccurredAt,
            r.RecordedAt, unit ? r.UnitPoints : r.Points, r.CorrectsId))];
    }

    private static bool TryPeriod(string? period, TimeProvider clock, out ScoringPeriod parsed, out ValidationProblem? problem)
    {
        period ??= ScoringPeriod.CurrentYear(clock.GetUtcNow());
        problem = ScoringPeriod.TryParse(period, out parsed) ? null
            : new Validator().Check(false, "period", "格式: 2026, 2026-Q4 或 2026-11").ToProblem();
        return problem is null;
    }
}
