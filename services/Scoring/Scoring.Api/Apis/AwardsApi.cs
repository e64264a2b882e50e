using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Awards;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Exports;
using SheqingMinyi.Security;

namespace SheqingMinyi.Scoring.Apis;

/// <summary>The tenant's award criteria; ETag = version ("0" while the defaults apply).</summary>
public sealed record AwardCriteriaView(bool IsDefault, AwardCriteria Criteria, DateTimeOffset? UpdatedAt, string? UpdatedBy) : IVersioned
{
    public uint Version { get; init; }
}

/// <summary>One award's candidates: Candidates is one page (page/pageSize, by rank then name); Total and TotalPoints count
/// every candidate.</summary>
public sealed record AwardCandidatesPage(string Award, string Name, IReadOnlyList<AwardCandidate> Candidates, int Total, decimal TotalPoints);

public sealed record AwardProposalsView(int Year, int CriteriaVersion, IReadOnlyList<AwardCandidatesPage> Awards, int Page, int PageSize);

public sealed record AwardWinnerRequest(string? Id, int? Tier = null);

/// <summary>A decision: the winners staff confirm (the candidates as proposed, or changed), with a note.</summary>
public sealed record AwardDecisionRequest(int? Year, string? Award, List<AwardWinnerRequest>? Winners, string? Note = null);

public sealed record AwardWinner(string Id, string? Name, int? Tier, string? TierName);

public sealed record AwardDecisionView(Guid Id, int Year, string Award, string AwardName, IReadOnlyList<AwardWinner> Winners,
    IReadOnlyList<AwardCandidate> Candidates, AwardCriteria Criteria, int CriteriaVersion, bool Changed, string? Note, string DecidedBy,
    DateTimeOffset DecidedAt);

public sealed record AssessmentsView(int Year, int CriteriaVersion, IReadOnlyList<UnitAssessment> Units);

/// <summary>
/// 评选表彰 and 分类考核: staff read the year's candidates under the tenant's criteria and record a decision (confirming or
/// changing them; the criteria used are kept with it), and read units' assessment tiers; the tenant admin sets the criteria.
/// </summary>
public static class AwardsApi
{
    public const int MaxTop = 100, MaxWinners = 200;
    public const decimal MaxPoints = 100_000;

    public static void MapAwardsApi(this IEndpointRouteBuilder app)
    {
        var awards = app.MapGroup("/awards").WithTags("Awards");
        awards.MapGet("/criteria", CriteriaAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        awards.MapPut("/criteria", ChangeCriteriaAsync).RequireAuthorization(PlatformPolicies.TenantAdmin);
        awards.MapGet("/candidates", CandidatesAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        awards.MapPost("/decisions", DecideAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        awards.MapGet("/decisions", DecisionsAsync).RequireAuthorization(PlatformPolicies.Staff);
        awards.MapGet("/xlsx", AwardsXlsxAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        var assessments = app.MapGroup("/assessments").WithTags("Awards");
        assessments.MapGet("/", AssessmentsAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        assessments.MapGet("/xlsx", AssessmentsXlsxAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
    }

    public static async Task<Ok<AwardCriteriaView>> CriteriaAsync(ScoringDbContext db, CancellationToken ct) =>
        TypedResults.Ok(View(await db.AwardSettings.AsNoTracking().FirstOrDefaultAsync(ct)));

    public static async Task<Results<Ok<AwardCriteriaView>, ValidationProblem, ProblemHttpResult>> ChangeCriteriaAsync(AwardCriteria request,
        IfMatch ifMatch, ScoringDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = Validate(request);
        if (!validator.IsValid) return validator.ToProblem();
        var row = await db.AwardSettings.FirstOrDefaultAsync(ct);
        if (row is null)
        {
            if (!ifMatch.HoldsAbsent) return IfMatch.Stale("award criteria");
            db.AwardSettings.Add(row = AwardSettings.Create(caller.TenantId, request, clock.GetUtcNow(), caller.Subject));
        }
        else
        {
            if (!ifMatch.Holds(db, row, r => r.Version)) return IfMatch.Stale("award criteria");
            row.Change(request, clock.GetUtcNow(), caller.Subject);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) // another change won the race
        {
            return IfMatch.Stale("award criteria");
        }
        return TypedResults.Ok(View(row));
    }

    public static async Task<Results<Ok<AwardProposalsView>, ValidationProblem>> CandidatesAsync(ScoringDbContext db, Caller caller, TimeProvider clock,
        PageRequest page, CancellationToken ct, int? year = null)
    {
        if (!TryYear(year, clock, out var y)) return YearProblem();
        var (criteria, version) = await AwardCandidates.CriteriaAsync(db, ct);
        var proposals = await AwardCandidates.ProposeAsync(db, caller.TenantId, criteria, y, ct);
        return TypedResults.Ok(new AwardProposalsView(y, version, [.. proposals.Select(p => new AwardCandidatesPage(p.Award, p.Name,
            [.. p.Candidates.Skip(page.Skip).Take(page.PageSize)], p.Candidates.Count, p.Candidates.Sum(c => c.Points)))], page.Page, page.PageSize));
    }

    /// <summary>The year's candidates and every decision (the newest of each award in force) as XLSX.</summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem>> AwardsXlsxAsync(ScoringDbContext db, Caller caller, TimeProvider clock,
        CancellationToken ct, int? year = null)
    {
        if (!TryYear(year, clock, out var y)) return YearProblem();
        var (criteria, _) = await AwardCandidates.CriteriaAsync(db, ct);
        var proposals = await AwardCandidates.ProposeAsync(db, caller.TenantId, criteria, y, ct);
        var decisions = (await db.AwardDecisions.AsNoTracking().Where(d => d.Year == y).OrderByDescending(d => d.DecidedAt).ThenBy(d => d.Id)
            .ToListAsync(ct)).Select(View).ToList();
        var inForce = decisions.GroupBy(d => d.Award).Select(g => g.First().Id).ToHashSet();
        var exported = decisions.Select(d => new ExportedDecision(d.Award, d.DecidedAt, d.DecidedBy, d.Changed, d.Note,
            [.. d.Winners.Select(w => (w.Name, w.TierName))], inForce.Contains(d.Id))).ToList();
        return TypedResults.File(AwardsExport.Awards(proposals, exported), Workbook.ContentType, Workbook.FileName($"{y}年评选表彰"));
    }

    /// <summary>The year's 分类考核 as XLSX: a summary by category and tier, and a sheet per unit category.</summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem>> AssessmentsXlsxAsync(ScoringDbContext db, Caller caller,
        TimeProvider clock, CancellationToken ct, int? year = null)
    {
        if (!TryYear(year, clock, out var y)) return YearProblem();
        var (criteria, _) = await AwardCandidates.CriteriaAsync(db, ct);
        var units = await AwardCandidates.AssessAsync(db, caller.TenantId, criteria, y, ct);
        return TypedResults.File(AwardsExport.Assessments(criteria, units), Workbook.ContentType, Workbook.FileName($"{y}年分类考核"));
    }

    public static async Task<Results<Created<AwardDecisionView>, ValidationProblem>> DecideAsync(AwardDecisionRequest request, ScoringDbContext db,
        Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validator();
        v.Check(request.Year is >= 2000 and <= 2999, "year", "必填：年份（2000–2999）");
        v.Check(request.Award is not null && AwardCriteria.Awards.Contains(request.Award), "award", $"奖项应为 {string.Join(" / ", AwardCriteria.Awards)}");
        v.Check(request.Winners is not null && request.Winners.Count <= MaxWinners, "winners", $"必填：获奖名单（最多 {MaxWinners} 个）");
        v.Check(request.Note is null || request.Note.Length <= 500, "note", "说明不超过 500 字");
        if (!v.IsValid) return v.ToProblem();
        var (year, award) = (request.Year!.Value, request.Award!);
        var (criteria, version) = await AwardCandidates.CriteriaAsync(db, ct);
        var proposal = (await AwardCandidates.ProposeAsync(db, caller.TenantId, criteria, year, ct)).Single(p => p.Award == award);
        var winners = await WinnersAsync(db, award, request.Winners!, v, ct);
        if (!v.IsValid) return v.ToProblem();

        var proposed = proposal.Candidates.Select(c => (c.Id, c.Tier)).ToHashSet();
        // Departing from the criteria is the committee's right, but the record must say why.
        var outsiders = winners.Where(w => proposal.Candidates.All(c => c.Id != w.Id)).Select(w => w.Name ?? w.Id).ToList();
        if (outsiders.Count > 0 && string.IsNullOrWhiteSpace(request.Note))
            return v.Check(false, "note", $"名单中有非候选人（{string.Join("、", outsiders)}），须在 note 中说明理由").ToProblem();
        var decision = new AwardDecision
        {
            TenantId = caller.TenantId, Id = Guid.NewGuid(), Year = year, Award = award,
            Winners = JsonSerializer.Serialize(winners, JsonDefaults.Options), Candidates = JsonSerializer.Serialize(proposal.Candidates, JsonDefaults.Options),
            Criteria = criteria.ToJson(), CriteriaVersion = version, Changed = !proposed.SetEquals(winners.Select(w => (w.Id, w.Tier))),
            Note = request.Note, DecidedBy = caller.Subject, DecidedAt = clock.GetUtcNow(),
        };
        db.AwardDecisions.Add(decision);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/awards/decisions?year={year}", View(decision));
    }

    /// <summary>Newest first, every decision of the year (the newest of an award is in force).</summary>
    public static async Task<Results<Ok<List<AwardDecisionView>>, ValidationProblem>> DecisionsAsync(ScoringDbContext db, TimeProvider clock,
        CancellationToken ct, int? year = null)
    {
        if (!TryYear(year, clock, out var y)) return YearProblem();
        var rows = await db.AwardDecisions.AsNoTracking().Where(d => d.Year == y).OrderByDescending(d => d.DecidedAt).ThenBy(d => d.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(View).ToList());
    }

    public static async Task<Results<Ok<AssessmentsView>, ValidationProblem>> AssessmentsAsync(ScoringDbContext db, Caller caller, TimeProvider clock,
        CancellationToken ct, int? year = null)
    {
        if (!TryYear(year, clock, out var y)) return YearProblem();
        var (criteria, version) = await AwardCandidates.CriteriaAsync(db, ct);
        return TypedResults.Ok(new AssessmentsView(y, version, await AwardCandidates.AssessAsync(db, caller.TenantId, criteria, y, ct)));
    }

    /// <summary>The named winners, each a person, item or unit this tenant knows (for 先进集体 a unit with a tier 1–3).</summary>
    private static async Task<List<AwardWinner>> WinnersAsync(ScoringDbContext db, string award, List<AwardWinnerRequest> requested, Validator v,
        CancellationToken ct)
    {
        var winners = new List<AwardWinner>();
        var seen = new HashSet<string>();
        for (var i = 0; i < requested.Count; i++)
        {
            var field = $"winners[{i}]";
            if (requested[i] is not { Id: { } text } w || !Guid.TryParse(text, out var id) || id == Guid.Empty) { v.Add($"{field}.id", "必填：ID (GUID)"); continue; }
            if (!seen.Add(id.ToString())) { v.Add($"{field}.id", "名单中重复"); continue; }
            string? name = award switch
            {
                AwardCriteria.AdvancedCollective => (await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.UnitId == id && u.Version > 0, ct))?.Name,
                AwardCriteria.ExcellentInformation => await db.Facts.AnyAsync(f => f.SourceId == id && f.Reason == ScoringRules.SubmittedReason, ct)
                    ? (await db.ItemTitles.AsNoTracking().FirstOrDefaultAsync(t => t.SubmissionId == id, ct))?.Title ?? "" : null,
                _ => (await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.PersonId == id && p.Version > 0, ct))?.Name,
            };
            if (name is null) { v.Add($"{field}.id", "本单位没有这个人员、稿件或单位"); continue; }
            int? tier = null;
            if (award == AwardCriteria.AdvancedCollective)
            {
                if (w.Tier is not (>= 1 and <= 3)) { v.Add($"{field}.tier", "先进集体须注明等次 1（一等）、2（二等）或 3（三等）"); continue; }
                tier = w.Tier;
            }
            else if (w.Tier is not null) { v.Add($"{field}.tier", "只有先进集体分等次"); continue; }
            winners.Add(new AwardWinner(id.ToString(), name.Length == 0 ? null : name, tier, tier is { } t ? AwardCriteria.TierName(t) : null));
        }
        return winners;
    }

    private static Validator Validate(AwardCriteria c)
    {
        var v = new Validator();
        void Top(string field, TopCriterion? t)
        {
            if (t is null) { v.Add(field, "必填"); return; }
            v.Check(t.Top is >= 1 and <= MaxTop, $"{field}.top", $"名额应在 1 到 {MaxTop} 之间");
            v.Check(t.MinPoints is >= 0 and <= MaxPoints, $"{field}.minPoints", $"最低积分应在 0 到 {MaxPoints} 之间");
        }
        Top("contributionAward", c.ContributionAward);
        Top("excellentInformationAward", c.ExcellentInformationAward);
        Top("excellentOfficerAward", c.ExcellentOfficerAward);
        for (var i = 0; i < (c.Collectives?.Count ?? 0); i++)
        {
            var k = c.Collectives![i];
            var field = $"collectives[{i}]";
            v.Check(k is not null && IsCategory(k.Category), $"{field}.category", "单位类型应为 district-committee、grassroots-organisation、special-committee 等");
            v.Check(k is not null && k.First is >= 0 and <= MaxTop && k.Second is >= 0 and <= MaxTop && k.Third is >= 0 and <= MaxTop,
                $"{field}.first", $"各等次名额应在 0 到 {MaxTop} 之间");
            v.Check(k is not null && k.MinPoints is >= 0 and <= MaxPoints, $"{field}.minPoints", $"最低积分应在 0 到 {MaxPoints} 之间");
        }
        for (var i = 0; i < (c.Assessments?.Count ?? 0); i++)
        {
            var a = c.Assessments![i];
            var field = $"assessments[{i}]";
            v.Check(a is not null && IsCategory(a.Category), $"{field}.category", "单位类型应为 district-committee、grassroots-organisation、special-committee 等");
            var tiers = a?.Tiers ?? [];
            v.Check(tiers.Count is >= 1 and <= 10 && tiers.All(t => t is not null && t.Name.Length is >= 1 and <= 20 && t.MinPoints is >= 0 and <= MaxPoints),
                $"{field}.tiers", "等次 1 到 10 个，名称 1–20 字，最低积分 0 到 100000");
            v.Check(tiers.Zip(tiers.Skip(1)).All(p => p.First is null || p.Second is null || p.First.MinPoints > p.Second.MinPoints), $"{field}.tiers",
                "等次应从高到低排列，最低积分逐级递减");
        }
        return v;
    }

    private static bool IsCategory(string? category) => category is { Length: > 0 } && UnitCategories.NameOf(category) != category;

    private static bool TryYear(int? year, TimeProvider clock, out int y)
    {
        y = year ?? clock.GetUtcNow().ToOffset(ScoringPeriod.BeijingOffset).Year;
        return y is >= 2000 and <= 2999;
    }

    private static ValidationProblem YearProblem() => new Validator().Check(false, "year", "年份应在 2000 到 2999 之间").ToProblem();

    private static AwardCriteriaView View(AwardSettings? row) => row is null
        ? new(true, AwardCriteria.Default, null, null) { Version = 0 }
        : new(false, row.ToCriteria(), row.UpdatedAt, row.UpdatedBy) { Version = (uint)row.Version };

    private static AwardDecisionView View(AwardDecision d) => new(d.Id, d.Year, d.Award, AwardCriteria.NameOf(d.Award),
        JsonSerializer.Deserialize<List<AwardWinner>>(d.Winners, JsonDefaults.Options)!, JsonSerializer.Deserialize<List<AwardCandidate>>(d.Candidates, JsonDefaults.Options)!,
        AwardCriteria.FromJson(d.Criteria), d.CriteriaVersion, d.Changed, d.Note, d.DecidedBy, d.DecidedAt);
}
