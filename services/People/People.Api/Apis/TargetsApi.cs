using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain.MemberRecord;
using SheqingMinyi.People.Domain.Targets;
using SheqingMinyi.Security;

namespace SheqingMinyi.People.Apis;

public sealed record SetTargetRequest(int? Submitted, int? Adopted);

/// <summary>One target as set. An unset target answers zeros, <c>set: false</c> and the ETag "0", which a PUT that
/// sets it sends as its If-Match (every PUT of the platform requires one).</summary>
public sealed record TargetView(int Year, TargetScope Scope, Guid SubjectId, int Submitted, int Adopted, bool Set, DateTimeOffset? UpdatedAt) : IVersioned
{
    public uint Version { get; init; }
    public static TargetView From(AnnualTarget t) => new(t.Year, t.Scope, t.SubjectId, t.Submitted, t.Adopted, true, t.UpdatedAt) { Version = t.Version };
    public static TargetView Unset(int year, TargetScope scope, Guid subjectId) => new(year, scope, subjectId, 0, 0, false, null) { Version = 0 };
}

/// <summary>Done against the target (null when none is set).</summary>
public sealed record Progress(int Done, int? Target);

public sealed record TargetProgressView(Guid SubjectId, string Name, Progress Submitted, Progress Adopted);

/// <summary>三定: annual targets per person or unit (items submitted, adopted), set by tenant-admin or director, read
/// by staff with the progress the member record counts.</summary>
public static class TargetsApi
{
    public static RouteGroupBuilder MapTargetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/targets").WithTags("Targets").RequireAuthorization(PlatformPolicies.Staff);
        group.MapGet("/{year:int}", ListAsync).WithETag();
        group.MapGet("/{year:int}/persons/{subjectId:guid}", (int year, Guid subjectId, PeopleDbContext db, CancellationToken ct) =>
            GetAsync(year, TargetScope.Person, subjectId, db, ct)).WithETag();
        group.MapGet("/{year:int}/units/{subjectId:guid}", (int year, Guid subjectId, PeopleDbContext db, CancellationToken ct) =>
            GetAsync(year, TargetScope.Unit, subjectId, db, ct)).WithETag();
        group.MapPut("/{year:int}/persons/{subjectId:guid}", (int year, Guid subjectId, SetTargetRequest request, IfMatch ifMatch, PeopleDbContext db,
            Caller caller, TimeProvider clock, CancellationToken ct) => SetAsync(year, TargetScope.Person, subjectId, request, ifMatch, db, caller, clock, ct))
            .RequireAuthorization(PlatformPolicies.PeopleOffice);
        group.MapPut("/{year:int}/units/{subjectId:guid}", (int year, Guid subjectId, SetTargetRequest request, IfMatch ifMatch, PeopleDbContext db,
            Caller caller, TimeProvider clock, CancellationToken ct) => SetAsync(year, TargetScope.Unit, subjectId, request, ifMatch, db, caller, clock, ct))
            .RequireAuthorization(PlatformPolicies.PeopleOffice);
        return group;
    }

    private static Validator YearValidator(int year) => new Validator()
        .Check(year is >= AnnualTarget.MinYear and <= AnnualTarget.MaxYear, "year", $"年份须在 {AnnualTarget.MinYear} 至 {AnnualTarget.MaxYear} 之间");

    /// <summary>The year's targets of persons (scope=persons, the default) or units, by name, each with its progress.</summary>
    public static async Task<Results<Ok<PagedList<TargetProgressView>>, ValidationProblem>> ListAsync(
        int year, PeopleDbContext db, PageRequest page, CancellationToken ct, string? scope = null)
    {
        var validator = YearValidator(year).Check(scope is null or "persons" or "units", "scope", "可选: persons, units");
        if (!validator.IsValid) return validator.ToProblem();
        var targets = db.Targets.AsNoTracking().Where(t => t.Year == year);
        var rows = scope == "units"
            ? await (from t in targets.Where(t => t.Scope == TargetScope.Unit) join u in db.Units on t.SubjectId equals u.Id
                     orderby u.Name, t.SubjectId select new { Target = t, u.Name }).ToPageAsync(page, ct)
            : await (from t in targets.Where(t => t.Scope == TargetScope.Person) join p in db.Persons on t.SubjectId equals p.Id
                     orderby p.Name, t.SubjectId select new { Target = t, p.Name }).ToPageAsync(page, ct);
        var done = await RecordCounts.ByAsync(db, scope == "units" ? TargetScope.Unit : TargetScope.Person, year,
            [.. rows.Items.Select(r => r.Target.SubjectId)], ct);
        return TypedResults.Ok(rows.Select(r =>
        {
            var (submitted, adopted) = done.GetValueOrDefault(r.Target.SubjectId);
            return new TargetProgressView(r.Target.SubjectId, r.Name, new(submitted, r.Target.Submitted), new(adopted, r.Target.Adopted));
        }));
    }

    public static async Task<Results<Ok<TargetView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        int year, TargetScope scope, Guid subjectId, PeopleDbContext db, CancellationToken ct)
    {
        if (YearValidator(year) is { IsValid: false } invalid) return invalid.ToProblem();
        if (!await SubjectExistsAsync(db, scope, subjectId, ct)) return ApiProblems.NotFound(scope.ToString(), subjectId);
        var target = await db.Targets.AsNoTracking().FirstOrDefaultAsync(t => t.Year == year && t.Scope == scope && t.SubjectId == subjectId, ct);
        return TypedResults.Ok(target is null ? TargetView.Unset(year, scope, subjectId) : TargetView.From(target));
    }

    /// <summary>Sets (If-Match "0", the unset target's ETag) or replaces (the target's ETag) both numbers.</summary>
    public static async Task<Results<Ok<TargetView>, ValidationProblem, ProblemHttpResult>> SetAsync(int year, TargetScope scope, Guid subjectId,
        SetTargetRequest request, IfMatch ifMatch, PeopleDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = YearValidator(year)
            .Check(request.Submitted is >= 0 and <= AnnualTarget.MaxCount, "submitted", $"0 至 {AnnualTarget.MaxCount} 的整数 (required)")
            .Check(request.Adopted is >= 0 and <= AnnualTarget.MaxCount, "adopted", $"0 至 {AnnualTarget.MaxCount} 的整数 (required)");
        if (!validator.IsValid) return validator.ToProblem();
        if (!await SubjectExistsAsync(db, scope, subjectId, ct)) return ApiProblems.NotFound(scope.ToString(), subjectId);
        var (submitted, adopted) = (request.Submitted!.Value, request.Adopted!.Value);
        var now = clock.GetUtcNow();
        var target = await db.Targets.FirstOrDefaultAsync(t => t.Year == year && t.Scope == scope && t.SubjectId == subjectId, ct);
        if (target is null)
        {
            if (!ifMatch.HoldsAbsent) return IfMatch.Stale("target");
            if (AnnualTarget.Refusal(submitted, adopted) is { } refused) return ApiProblems.Refused(refused);
            db.Targets.Add(target = AnnualTarget.Set(caller.TenantId, year, scope, subjectId, submitted, adopted, now));
        }
        else
        {
            if (!ifMatch.Holds(db, target, t => t.Version)) return IfMatch.Stale("target");
            if (target.Change(submitted, adopted, now) is { Error: { } refused }) return ApiProblems.Refused(refused);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception error) when (error is DbUpdateConcurrencyException || (error is DbUpdateException update && update.IsUniqueViolation()))
        {
            return IfMatch.Stale("target"); // set or changed by someone else since it was read
        }
        return TypedResults.Ok(TargetView.From(target));
    }

    private static Task<bool> SubjectExistsAsync(PeopleDbContext db, TargetScope scope, Guid id, CancellationToken ct) => scope == TargetScope.Person
        ? db.Persons.AnyAsync(p => p.Id == id, ct)
        : db.Units.AnyAsync(u => u.Id == id, ct);
}

/// <summary>What the member record counts for a year: items submitted (by first submission) and items adopted (at
/// any level, by adoption date), per person or per unit the items were written for.</summary>
public static class RecordCounts
{
    public static async Task<Dictionary<Guid, (int Submitted, int Adopted)>> ByAsync(PeopleDbContext db, TargetScope scope, int year,
        List<Guid> ids, CancellationToken ct)
    {
        var submissions = db.RecordSubmissions.Where(r => r.Year == year);
        var adoptions = db.RecordAdoptions.Where(r => r.Year == year);
        var submitted = scope == TargetScope.Person
            ? await submissions.Where(r => ids.Contains(r.PersonId)).GroupBy(r => r.PersonId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)
            : await submissions.Where(r => ids.Contains(r.UnitId)).GroupBy(r => r.UnitId)
                .Select(g => new { g.Key, Count = g.Select(r => r.SubmissionId).Distinct().Count() }).ToListAsync(ct); // a row per author
        var adopted = scope == TargetScope.Person
            ? await CreditedAdoptions(db).Where(r => r.Year == year && ids.Contains(r.PersonId)).GroupBy(r => r.PersonId)
                .Select(g => new { g.Key, Count = g.Select(a => a.SubmissionId).Distinct().Count() }).ToListAsync(ct)
            : await adoptions.Where(r => ids.Contains(r.UnitId)).GroupBy(r => r.UnitId)
                .Select(g => new { g.Key, Count = g.Select(a => a.SubmissionId).Distinct().Count() }).ToListAsync(ct);
        return ids.Distinct().ToDictionary(id => id, id =>
            (submitted.FirstOrDefault(s => s.Key == id)?.Count ?? 0, adopted.FirstOrDefault(a => a.Key == id)?.Count ?? 0));
    }

    /// <summary>Adoptions per person credited: every author the adoption named (an older SubmissionAdopted names only
    /// the lead), and every author the item's submission named, whichever of the two events arrived first.</summary>
    public static IQueryable<CreditedAdoption> CreditedAdoptions(PeopleDbContext db) => db.RecordAdoptions
        .Select(a => new CreditedAdoption { PersonId = a.PersonId, SubmissionId = a.SubmissionId, Level = a.Level, Year = a.Year })
        .Union(db.RecordAdoptions.Join(db.RecordSubmissions, a => a.SubmissionId, s => s.SubmissionId,
            (a, s) => new CreditedAdoption { PersonId = s.PersonId, SubmissionId = a.SubmissionId, Level = a.Level, Year = a.Year }));
}
