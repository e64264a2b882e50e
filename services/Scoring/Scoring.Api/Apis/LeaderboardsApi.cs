using Microsoft.AspNetCore.Http.HttpResults;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.Security;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Leaderboards;

namespace SheqingMinyi.Scoring.Apis;

public sealed record LeaderboardEntryView(long Rank, Guid PersonId, string? Name, decimal Points);
public sealed record LeaderboardView(string Period, IReadOnlyList<LeaderboardEntryView> Entries);

/// <summary>排行榜: who has the most points in a period, and where one person stands.</summary>
public static class LeaderboardsApi
{
    public const int MaxTop = 100;

    public static RouteGroupBuilder MapLeaderboardsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/leaderboards").WithTags("Leaderboards").RequireAuthorization(PlatformPolicies.ScoringReader);
        group.MapGet("/persons", TopPersonsAsync);
        group.MapGet("/persons/{personId:guid}", PersonRankAsync).WithETag();
        return group;
    }

    public static async Task<Results<Ok<LeaderboardView>, ValidationProblem>> TopPersonsAsync(
        HttpContext http, LeaderboardStore store, Caller caller, TimeProvider clock, CancellationToken ct,
        string? period = null, int top = 10)
    {
        period ??= ScoringPeriod.CurrentYear(clock.GetUtcNow());
        var validator = new Validator()
            .Check(ScoringPeriod.TryParse(period, out var parsed), "period", "格式: 2026, 2026-Q4 或 2026-11")
            .Check(top is >= 1 and <= MaxTop, "top", $"1 ≤ top ≤ {MaxTop}");
        if (!validator.IsValid) return validator.ToProblem();
        var rows = await store.TopAsync(Ledger(http), caller.TenantId, parsed, top, ct);
        return TypedResults.Ok(new LeaderboardView(parsed.Key, [.. rows.Select(r => new LeaderboardEntryView(r.Rank, r.PersonId, r.Name, r.Points))]));
    }

    public static async Task<Results<Ok<LeaderboardEntryView>, ValidationProblem, ProblemHttpResult>> PersonRankAsync(
        Guid personId, HttpContext http, LeaderboardStore store, Caller caller, TimeProvider clock, CancellationToken ct,
        string? period = null)
    {
        period ??= ScoringPeriod.CurrentYear(clock.GetUtcNow());
        if (!ScoringPeriod.TryParse(period, out var parsed))
            return new Validator().Check(false, "period", "格式: 2026, 2026-Q4 或 2026-11").ToProblem();
        var row = await store.RankOfAsync(Ledger(http), caller.TenantId, parsed, personId, ct);
        if (row is null) return ApiProblems.NotFound($"Points in {parsed.Key} for person", personId);
        return TypedResults.Ok(new LeaderboardEntryView(row.Rank, personId, row.Name, row.Points));
    }

    // The request's database context, created only if a read is cold: a warm read is Redis alone.
    private static Func<ScoringDbContext> Ledger(HttpContext http) => () => http.RequestServices.GetRequiredService<ScoringDbContext>();
}
