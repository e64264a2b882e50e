using Microsoft.AspNetCore.Http.HttpResults;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Rankings;
using SheqingMinyi.Security;

namespace SheqingMinyi.Scoring.Apis;

/// <summary>A place in a ranking: Id is a person's or unit's id, or a category's id (district-committee …).</summary>
public sealed record RankingEntryView(long Rank, string Id, string? Name, decimal Points);

/// <summary>The top of a ranking as a bulletin prints it: equal points, equal rank (1, 1, 3), everyone tied with the
/// last place included; Participants is how many are ranked in all.</summary>
public sealed record RankingView(string Dimension, string Period, int Participants, IReadOnlyList<RankingEntryView> Entries);

/// <summary>One place and the distance to the next place up: PointsToNext more points would reach rank NextRank
/// (both null at the top).</summary>
public sealed record RankView(string Dimension, string Period, string Id, string? Name, long Rank, decimal Points, int Participants,
    long? NextRank, decimal? PointsToNext);

/// <summary>
/// 排名: per tenant and period (period=2026 / 2026-Q4 / 2026-11, or from=yyyy-MM-dd&amp;to=yyyy-MM-dd) by persons, units,
/// unit categories and special committees. Everyone of the tenant may read the tops (as the person board); a member
/// reads their own place, staff and partners anyone's.
/// </summary>
public static class RankingsApi
{
    public const int MaxTop = 100;
    private const string PeriodFormat = "格式: 2026, 2026-Q4 或 2026-11；或用 from 与 to 指定起止日期 (yyyy-MM-dd)";

    public static RouteGroupBuilder MapRankingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/rankings").WithTags("Rankings").RequireAuthorization(PlatformPolicies.ScoringReader);
        group.MapGet("/{dimension}", TopAsync).WithETag();
        group.MapGet("/{dimension}/{id}", RankAsync).WithETag();
        return group;
    }

    public static async Task<Results<Ok<RankingView>, ValidationProblem>> TopAsync(string dimension, HttpContext http, RankingStore store,
        Caller caller, TimeProvider clock, CancellationToken ct, string? period = null, string? from = null, string? to = null, int top = 10)
    {
        var validator = new Validator();
        var window = Validate(validator, dimension, period, from, to, clock);
        validator.Check(top is >= 1 and <= MaxTop, "top", $"1 ≤ top ≤ {MaxTop}");
        if (!validator.IsValid) return validator.ToProblem();
        var page = await store.TopAsync(Ledger(http), caller.TenantId, dimension, window!, top, ct);
        return TypedResults.Ok(new RankingView(dimension, window!.Key, page.Participants,
            [.. page.Entries.Select(e => new RankingEntryView(e.Rank, e.Id, e.Name, e.Points))]));
    }

    public static async Task<Results<Ok<RankView>, ValidationProblem, ProblemHttpResult>> RankAsync(string dimension, string id, HttpContext http,
        RankingStore store, Caller caller, TimeProvider clock, CancellationToken ct, string? period = null, string? from = null, string? to = null)
    {
        var validator = new Validator();
        var window = Validate(validator, dimension, period, from, to, clock);
        var key = id;
        if (dimension == RankingDimension.Categories)
            validator.Check(id.Length <= 64, "id", "单位类型 ID 不超过 64 个字符");
        else
        {
            validator.Check(Guid.TryParse(id, out var guid) && guid != Guid.Empty, "id", "应为人员或单位的 ID (GUID)");
            key = guid.ToString();
        }
        if (!validator.IsValid) return validator.ToProblem();
        // Looked up first, so a refusal is only ever about a place that exists in this tenant (as statements do).
        var place = await store.RankOfAsync(Ledger(http), caller.TenantId, dimension, window!, key, ct);
        if (place is null) return ApiProblems.NotFound($"Place in the {dimension} ranking of {window!.Key} for", id);
        if (!caller.SeesWholeTenant && !(dimension == RankingDimension.Persons && caller.PersonId?.ToString() == key))
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-own", "只能查看本人的排名", "A member reads their own place only.");
        return TypedResults.Ok(new RankView(dimension, window!.Key, key, place.Name, place.Rank, place.Points, place.Participants, place.NextRank,
            place.PointsToNext));
    }

    /// <summary>The dimension and the window: a calendar period, or a custom range, not both; the current year by default.</summary>
    private static ScoringPeriod? Validate(Validator validator, string dimension, string? period, string? from, string? to, TimeProvider clock)
    {
        validator.Check(RankingDimension.IsKnown(dimension), "dimension", $"排名维度应为 {string.Join(" / ", RankingDimension.All)}");
        if (from is not null || to is not null)
        {
            if (period is not null) { validator.Add("period", "period 与 from/to 只能二选一"); return null; }
            if (ScoringPeriod.TryParseRange(from, to, out var range)) return range;
            validator.Add("from", $"from 与 to 均为 yyyy-MM-dd，from ≤ to，跨度不超过 {ScoringPeriod.MaxRangeDays} 天");
            return null;
        }
        if (ScoringPeriod.TryParse(period ?? ScoringPeriod.CurrentYear(clock.GetUtcNow()), out var parsed)) return parsed;
        validator.Add("period", PeriodFormat);
        return null;
    }

    // The request's database context, created only if a read is cold: a warm read is Redis alone.
    private static Func<ScoringDbContext> Ledger(HttpContext http) => () => http.RequestServices.GetRequiredService<ScoringDbContext>();
}
