using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
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
        ScoringDbContext db, LeaderboardStore store, Caller caller, TimeProvider clock, CancellationToken ct,
        string? period = null, int top = 10)
    {
        period ??= ScoringPeriod.CurrentYear(clock.GetUtcNow());
        var validator = new Validator()
            .Check(ScoringPeriod.TryParse(period, out var parsed), "period", "格式: 2026, 2026-Q4 或 2026-11")
            .Check(top is >= 1 and <= MaxTop, "top", $"1 ≤ top ≤ {MaxTop}");
        if (!validator.IsValid) return validator.ToProblem();
        var rows = await store.TopAsync(db, caller.TenantId, parsed, top, ct);
        var names = await NamesAsync(db, rows.Select(r => r.PersonId), ct);
        return TypedResults.Ok(new LeaderboardView(parsed.Key,
            [.. rows.Select(r => new LeaderboardEntryView(r.Rank, r.PersonId, names.GetValueOrDefault(r.PersonId), r.Points))]));
    }

    public static async Task<Results<Ok<LeaderboardEntryView>, ValidationProblem, ProblemHttpResult>> PersonRankAsync(
        Guid personId, ScoringDbContext db, LeaderboardStore store, Caller caller, TimeProvider clock, CancellationToken ct,
        string? period = null)
    {
        period ??= ScoringPeriod.CurrentYear(clock.GetUtcNow());
        if (!ScoringPeriod.TryParse(period, out var parsed))
            return new Validator().Check(false, "period", "格式: 2026, 2026-Q4 或 2026-11").ToProblem();
        var row = await store.RankOfAsync(db, caller.TenantId, parsed, personId, ct);
        if (row is null) return ApiProblems.NotFound($"Points in {parsed.Key} for person", personId);
        var names = await NamesAsync(db, [personId], ct);
        return TypedResults.Ok(new LeaderboardEntryView(row.Rank, personId, names.GetValueOrDefault(personId), row.Points));
    }

    private static async Task<Dictionary<Guid, string>> NamesAsync(ScoringDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.ToList();
        return await db.PersonNames.AsNoTracking().Where(p => wanted.Contains(p.PersonId)).ToDictionaryAsync(p => p.PersonId, p => p.Name, ct);
    }
}
