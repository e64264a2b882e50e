using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain.Talent;
using SheqingMinyi.Security;

namespace SheqingMinyi.People.Apis;

public sealed record RecommendRequest(Guid? TalentId, string? Target, string? Note);
public sealed record DecideRecommendationRequest(DateOnly? Date, string? Note);

public sealed record RecommendationView(Guid Id, Guid TalentId, RecommendationTarget Target, string? Note, RecommendationStatus Status,
    DateTimeOffset ProposedAt, DateOnly? DecidedOn, string? DecisionNote) : IVersioned
{
    public uint Version { get; init; }
    public static RecommendationView From(TalentRecommendation r) =>
        new(r.Id, r.TalentId, r.Target, r.Note, r.Status, r.ProposedAt, r.DecidedOn, r.DecisionNote) { Version = r.Version };
}

/// <summary>推荐: a talent put forward (智库专家, 专委会委员, 中央重点课题调研), then accepted or declined once.</summary>
public static class RecommendationsApi
{
    public static RouteGroupBuilder MapRecommendations(this RouteGroupBuilder talent)
    {
        talent.MapPost("/recommendations", RecommendAsync).RequireAuthorization(PlatformPolicies.PeopleOffice).WithIdempotency();
        talent.MapGet("/recommendations", ListAsync);
        talent.MapGet("/recommendations/{id:guid}", GetAsync).WithETag();
        talent.MapPost("/recommendations/{id:guid}/accept", (Guid id, DecideRecommendationRequest request, IfMatch ifMatch, PeopleDbContext db, CancellationToken ct) =>
            DecideAsync(id, request, ifMatch, db, (r, on, note) => r.Accept(on, note), ct)).RequireAuthorization(PlatformPolicies.PeopleOffice).WithIdempotency();
        talent.MapPost("/recommendations/{id:guid}/decline", (Guid id, DecideRecommendationRequest request, IfMatch ifMatch, PeopleDbContext db, CancellationToken ct) =>
            DecideAsync(id, request, ifMatch, db, (r, on, note) => r.Decline(on, note), ct)).RequireAuthorization(PlatformPolicies.PeopleOffice).WithIdempotency();
        return talent;
    }

    public static async Task<Results<Created<RecommendationView>, ValidationProblem>> RecommendAsync(
        RecommendRequest request, PeopleDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Required("talentId", request.TalentId)
            .Required("target", request.Target, 32)
            .Check(ApiEnums.TryParse<RecommendationTarget>(request.Target, out var target), "target", $"可选推荐去向: {ApiEnums.Allowed<RecommendationTarget>()}")
            .Optional("note", request.Note, TalentRecommendation.NoteMaxLength);
        if (request.TalentId is { } talentId && !await db.TalentPool.AnyAsync(t => t.Id == talentId, ct))
            validator.Add("talentId", "人才库中无此人 (unknown talent entry)");
        if (!validator.IsValid) return validator.ToProblem();
        var recommendation = TalentRecommendation.Propose(caller.TenantId, request.TalentId!.Value, target!.Value, request.Note, clock.GetUtcNow());
        db.Recommendations.Add(recommendation);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/talent/recommendations/{recommendation.Id}", RecommendationView.From(recommendation));
    }

    public static async Task<Results<Ok<PagedList<RecommendationView>>, ValidationProblem>> ListAsync(
        PeopleDbContext db, PageRequest page, CancellationToken ct, string? status = null, string? target = null, Guid? talentId = null)
    {
        var validator = new Validator()
            .Check(ApiEnums.TryParse<RecommendationStatus>(status, out var wantedStatus), "status", $"可选: {ApiEnums.Allowed<RecommendationStatus>()}")
            .Check(ApiEnums.TryParse<RecommendationTarget>(target, out var wantedTarget), "target", $"可选: {ApiEnums.Allowed<RecommendationTarget>()}");
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.Recommendations.AsNoTracking();
        if (wantedStatus is not null) query = query.Where(r => r.Status == wantedStatus);
        if (wantedTarget is not null) query = query.Where(r => r.Target == wantedTarget);
        if (talentId is not null) query = query.Where(r => r.TalentId == talentId);
        var result = await query.OrderByDescending(r => r.ProposedAt).ThenByDescending(r => r.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(RecommendationView.From));
    }

    public static async Task<Results<Ok<RecommendationView>, ProblemHttpResult>> GetAsync(Guid id, PeopleDbContext db, CancellationToken ct) =>
        await db.Recommendations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } recommendation
            ? TypedResults.Ok(RecommendationView.From(recommendation))
            : ApiProblems.NotFound("Recommendation", id);

    /// <summary>Accepts or declines a proposed recommendation on a date; a second decision is a 409.</summary>
    private static async Task<Results<Ok<RecommendationView>, ValidationProblem, ProblemHttpResult>> DecideAsync(Guid id, DecideRecommendationRequest request,
        IfMatch ifMatch, PeopleDbContext db, Func<TalentRecommendation, DateOnly, string?, BuildingBlocks.Domain.Outcome> decide, CancellationToken ct)
    {
        var validator = new Validator()
            .Check(request.Date is not null, "date", "必填 (required)")
            .Optional("note", request.Note, TalentRecommendation.NoteMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        if (await db.Recommendations.FirstOrDefaultAsync(r => r.Id == id, ct) is not { } recommendation) return ApiProblems.NotFound("Recommendation", id);
        if (!ifMatch.Holds(db, recommendation, r => r.Version)) return IfMatch.Stale("recommendation");
        if (decide(recommendation, request.Date!.Value, request.Note) is { Error: { } refused }) return ApiProblems.Refused(refused);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("recommendation");
        }
        return TypedResults.Ok(RecommendationView.From(recommendation));
    }
}
