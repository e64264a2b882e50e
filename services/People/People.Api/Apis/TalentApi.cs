using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain.Talent;
using SheqingMinyi.Security;

namespace SheqingMinyi.People.Apis;

public sealed record DiscoveredRequest(Guid? PersonId, string? Name, string? Organisation, string? Title, IReadOnlyList<string>? ExpertiseTags);
public sealed record RecordVisitRequest(string? Kind, string? Place, DateOnly? VisitedOn, IReadOnlyList<Guid>? VisitorIds, string? Notes,
    IReadOnlyList<DiscoveredRequest>? Discovered);
public sealed record EditTalentRequest(bool? Backbone, IReadOnlyList<string>? ExpertiseTags);
public sealed record LinkTalentRequest(Guid? PersonId);

public sealed record TalentView(Guid Id, Guid? PersonId, string Name, string? Organisation, string? Title, IReadOnlyList<string> ExpertiseTags,
    bool Backbone, Guid? SourceVisitId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IVersioned
{
    public uint Version { get; init; }
    public static TalentView From(TalentEntry t) => new(t.Id, t.PersonId, t.Name, t.Organisation, t.Title, t.ExpertiseTags, t.IsBackbone,
        t.SourceVisitId, t.CreatedAt, t.UpdatedAt) { Version = t.Version };
}

/// <summary>A visit with the talent it found (its ETag hashes the body: the entries change after the visit).</summary>
public sealed record VisitView(Guid Id, VisitKind Kind, string Place, DateOnly VisitedOn, IReadOnlyList<Guid> VisitorIds, string? Notes,
    DateTimeOffset CreatedAt, IReadOnlyList<TalentView> Discovered)
{
    public static VisitView From(TalentVisit v, IEnumerable<TalentEntry> found) =>
        new(v.Id, v.Kind, v.Place, v.VisitedOn, v.VisitorIds, v.Notes, v.CreatedAt, [.. found.OrderBy(t => t.Name).Select(TalentView.From)]);
}

/// <summary>人才走访与人才库: visits, the people they found, backbone flags, expertise and links to registered persons.
/// Staff read; tenant-admin and director record and edit.</summary>
public static class TalentApi
{
    private const int MaxDiscovered = 50, MaxQueryLength = 50;

    public static RouteGroupBuilder MapTalentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/talent").WithTags("Talent").RequireAuthorization(PlatformPolicies.Staff);
        group.MapPost("/visits", RecordVisitAsync).RequireAuthorization(PlatformPolicies.PeopleOffice).WithIdempotency();
        group.MapGet("/visits", ListVisitsAsync);
        group.MapGet("/visits/{id:guid}", GetVisitAsync).WithETag();
        group.MapGet("/pool", ListPoolAsync);
        group.MapGet("/pool/{id:guid}", GetTalentAsync).WithETag();
        group.MapPut("/pool/{id:guid}", EditTalentAsync).RequireAuthorization(PlatformPolicies.PeopleOffice);
        group.MapPut("/pool/{id:guid}/person", LinkTalentAsync).RequireAuthorization(PlatformPolicies.PeopleOffice);
        group.MapRecommendations();
        return group;
    }

    public static async Task<Results<Created<VisitView>, ValidationProblem, ProblemHttpResult>> RecordVisitAsync(
        RecordVisitRequest request, PeopleDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var visitors = request.VisitorIds ?? [];
        var discovered = request.Discovered ?? [];
        var validator = new Validator()
            .Required("kind", request.Kind, 32)
            .Check(ApiEnums.TryParse<VisitKind>(request.Kind, out var kind), "kind", $"可选走访类别: {ApiEnums.Allowed<VisitKind>()}")
            .Required("place", request.Place, TalentVisit.PlaceMaxLength)
            .Optional("notes", request.Notes, TalentVisit.NotesMaxLength)
            .Check(request.VisitedOn is not null, "visitedOn", "必填 (required)")
            .Check(visitors.Count is > 0 and <= TalentVisit.MaxVisitors, "visitorIds", $"需要 1 至 {TalentVisit.MaxVisitors} 名走访人员 (1 to {TalentVisit.MaxVisitors} visitors)")
            .Check(discovered.Count <= MaxDiscovered, "discovered", $"每次走访最多 {MaxDiscovered} 人 (at most {MaxDiscovered})");
        var unknownVisitors = await UnknownPersonsAsync(db, visitors, ct);
        if (unknownVisitors.Count > 0) validator.Add("visitorIds", $"人员不存在 (unknown persons): {string.Join(", ", unknownVisitors)}");
        var persons = await NamesAsync(db, discovered.Select(d => d.PersonId).OfType<Guid>(), ct);
        for (var i = 0; i < discovered.Count; i++) ValidateDiscovered(validator, $"discovered[{i}]", discovered[i], persons);
        if (!validator.IsValid) return validator.ToProblem();

        var now = clock.GetUtcNow();
        var visit = TalentVisit.Record(caller.TenantId, kind!.Value, request.Place!, request.VisitedOn!.Value, visitors, request.Notes, now);
        db.TalentVisits.Add(visit);
        var found = new List<TalentEntry>();
        var personIds = persons.Keys.ToList();
        var ofPersons = await db.TalentPool.Where(t => t.PersonId != null && personIds.Contains(t.PersonId.Value)).ToListAsync(ct);
        foreach (var d in discovered)
        {
            var tags = d.ExpertiseTags ?? [];
            if (d.PersonId is not { } personId)
            {
                found.Add(TalentEntry.External(caller.TenantId, d.Name!, d.Organisation, d.Title, tags, visit.Id, now));
                continue;
            }
            var entry = ofPersons.FirstOrDefault(t => t.PersonId == personId) ?? found.FirstOrDefault(t => t.PersonId == personId);
            if (entry is not null) entry.FoundAgain(tags, now); // already in the pool: keeps its first source visit
            else found.Add(entry = TalentEntry.OfPerson(caller.TenantId, personId, persons[personId], tags, visit.Id, now));
            if (!found.Contains(entry)) found.Add(entry);
        }
        db.TalentPool.AddRange(found.Where(t => db.Entry(t).State == EntityState.Detached));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            return ApiProblems.Conflict("talent-exists", "该人员已在人才库中", "A discovered person was added to the pool meanwhile; retry.");
        }
        return TypedResults.Created($"/talent/visits/{visit.Id}", VisitView.From(visit, found));
    }

    private static void ValidateDiscovered(Validator validator, string field, DiscoveredRequest d, IReadOnlyDictionary<Guid, string> persons)
    {
        var tags = d.ExpertiseTags ?? [];
        validator.Check(tags.Count <= TalentEntry.MaxTags && tags.All(t => !string.IsNullOrWhiteSpace(t) && t.Trim().Length <= TalentEntry.TagMaxLength),
            $"{field}.expertiseTags", $"最多 {TalentEntry.MaxTags} 个专长, 每个 1 至 {TalentEntry.TagMaxLength} 个字符");
        if (d.PersonId is { } personId)
        {
            validator.Check(persons.ContainsKey(personId), $"{field}.personId", "人员不存在 (unknown person)");
            validator.Check(d.Name is null && d.Organisation is null && d.Title is null, field, "已登记人员不再填写姓名、单位、职务 (a registered person takes no name, organisation or title)");
            return;
        }
        validator.Required($"{field}.name", d.Name, TalentEntry.NameMaxLength)
            .Optional($"{field}.organisation", d.Organisation, TalentEntry.OrganisationMaxLength)
            .Optional($"{field}.title", d.Title, TalentEntry.TitleMaxLength);
    }

    public static async Task<Results<Ok<PagedList<VisitView>>, ValidationProblem>> ListVisitsAsync(
        PeopleDbContext db, PageRequest page, CancellationToken ct, string? kind = null)
    {
        var validator = new Validator().Check(ApiEnums.TryParse<VisitKind>(kind, out var wanted), "kind", $"可选走访类别: {ApiEnums.Allowed<VisitKind>()}");
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.TalentVisits.AsNoTracking();
        if (wanted is not null) query = query.Where(v => v.Kind == wanted);
        var visits = await query.OrderByDescending(v => v.VisitedOn).ThenByDescending(v => v.Id).ToPageAsync(page, ct);
        var ids = visits.Items.Select(v => v.Id).ToList();
        var found = await db.TalentPool.AsNoTracking().Where(t => t.SourceVisitId != null && ids.Contains(t.SourceVisitId.Value)).ToListAsync(ct);
        return TypedResults.Ok(visits.Select(v => VisitView.From(v, found.Where(t => t.SourceVisitId == v.Id))));
    }

    public static async Task<Results<Ok<VisitView>, ProblemHttpResult>> GetVisitAsync(Guid id, PeopleDbContext db, CancellationToken ct)
    {
        if (await db.TalentVisits.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct) is not { } visit) return ApiProblems.NotFound("Visit", id);
        var found = await db.TalentPool.AsNoTracking().Where(t => t.SourceVisitId == id).ToListAsync(ct);
        return TypedResults.Ok(VisitView.From(visit, found));
    }

    /// <summary>The pool, by name: backbone writers only (backbone=true), by an expertise tag, by name or organisation (q).</summary>
    public static async Task<Results<Ok<PagedList<TalentView>>, ValidationProblem>> ListPoolAsync(
        PeopleDbContext db, PageRequest page, CancellationToken ct, bool? backbone = null, string? tag = null, string? q = null, Guid? visitId = null)
    {
        var validator = new Validator().Optional("tag", tag, TalentEntry.TagMaxLength).Optional("q", q, MaxQueryLength);
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.TalentPool.AsNoTracking();
        if (backbone is not null) query = query.Where(t => t.IsBackbone == backbone);
        if (!string.IsNullOrWhiteSpace(tag)) query = query.Where(t => t.ExpertiseTags.Contains(tag.Trim()));
        if (visitId is not null) query = query.Where(t => t.SourceVisitId == visitId);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var like = $"%{EscapeLike(q.Trim())}%";
            query = query.Where(t => EF.Functions.ILike(t.Name, like, "\\") || (t.Organisation != null && EF.Functions.ILike(t.Organisation, like, "\\")));
        }
        var result = await query.OrderBy(t => t.Name).ThenBy(t => t.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(TalentView.From));
    }

    public static async Task<Results<Ok<TalentView>, ProblemHttpResult>> GetTalentAsync(Guid id, PeopleDbContext db, CancellationToken ct) =>
        await db.TalentPool.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) is { } entry
            ? TypedResults.Ok(TalentView.From(entry))
            : ApiProblems.NotFound("Talent", id);

    /// <summary>Flags or unflags a backbone writer (信息骨干) and replaces the expertise tags.</summary>
    public static async Task<Results<Ok<TalentView>, ValidationProblem, ProblemHttpResult>> EditTalentAsync(
        Guid id, EditTalentRequest request, IfMatch ifMatch, PeopleDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var tags = request.ExpertiseTags ?? [];
        var validator = new Validator()
            .Check(request.Backbone is not null, "backbone", "必填 (required)")
            .Check(tags.Count <= TalentEntry.MaxTags && tags.All(t => !string.IsNullOrWhiteSpace(t) && t.Trim().Length <= TalentEntry.TagMaxLength),
                "expertiseTags", $"最多 {TalentEntry.MaxTags} 个专长, 每个 1 至 {TalentEntry.TagMaxLength} 个字符");
        if (!validator.IsValid) return validator.ToProblem();
        if (await db.TalentPool.FirstOrDefaultAsync(t => t.Id == id, ct) is not { } entry) return ApiProblems.NotFound("Talent", id);
        if (!ifMatch.Holds(db, entry, t => t.Version)) return IfMatch.Stale("talent entry");
        entry.Edit(request.Backbone!.Value, tags, clock.GetUtcNow());
        return await SaveAsync(db, entry, ct);
    }

    /// <summary>Links an external entry to the registered person it turned out to be.</summary>
    public static async Task<Results<Ok<TalentView>, ValidationProblem, ProblemHttpResult>> LinkTalentAsync(
        Guid id, LinkTalentRequest request, IfMatch ifMatch, PeopleDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("personId", request.PersonId);
        var names = await NamesAsync(db, request.PersonId is { } p ? [p] : [], ct);
        if (request.PersonId is { } wanted && !names.ContainsKey(wanted)) validator.Add("personId", "人员不存在 (unknown person)");
        if (!validator.IsValid) return validator.ToProblem();
        if (await db.TalentPool.FirstOrDefaultAsync(t => t.Id == id, ct) is not { } entry) return ApiProblems.NotFound("Talent", id);
        if (!ifMatch.Holds(db, entry, t => t.Version)) return IfMatch.Stale("talent entry");
        var personId = request.PersonId!.Value;
        if (await db.TalentPool.AnyAsync(t => t.PersonId == personId, ct))
            return ApiProblems.Conflict("talent-exists", "该人员已在人才库中", $"Person '{personId}' already has a talent entry.");
        if (entry.LinkTo(personId, names[personId], clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
        return await SaveAsync(db, entry, ct);
    }

    private static async Task<Results<Ok<TalentView>, ValidationProblem, ProblemHttpResult>> SaveAsync(PeopleDbContext db, TalentEntry entry, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("talent entry");
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            return ApiProblems.Conflict("talent-exists", "该人员已在人才库中", $"Person '{entry.PersonId}' already has a talent entry.");
        }
        return TypedResults.Ok(TalentView.From(entry));
    }

    /// <summary>The given persons of the tenant that do not exist.</summary>
    internal static async Task<List<Guid>> UnknownPersonsAsync(PeopleDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var known = await db.Persons.Where(p => wanted.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        return [.. wanted.Except(known)];
    }

    /// <summary>The names of those of the given persons that exist in the tenant.</summary>
    internal static async Task<Dictionary<Guid, string>> NamesAsync(PeopleDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Persons.Where(p => wanted.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
