using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Intake.Apis;

/// <summary>编辑润色: the editor's whole text again (type and themes stay the writer's), and why (required).</summary>
public sealed record PolishRequest(string? Title, string? Body, string? Reason);

/// <summary>One version in the list: who (the name from the people directory when known), in which role, why, when.
/// BodyLength counts characters as a reader does.</summary>
public sealed record VersionSummaryView(int Number, string Title, Guid? EditorPersonId, string? EditorName, string EditorRole,
    string? Reason, DateTimeOffset CreatedAt, int BodyLength);

public sealed record VersionListView(Guid SubmissionId, int CurrentVersion, IReadOnlyList<VersionSummaryView> Items);

public sealed record VersionView(Guid SubmissionId, int Number, string Title, string Body, Guid? EditorPersonId, string? EditorName,
    string EditorRole, string? Reason, DateTimeOffset CreatedAt);

/// <summary>Version <c>From</c> compared with version <c>To</c>: title and body, and the characters inserted and deleted in both.</summary>
public sealed record VersionDiffView(Guid SubmissionId, int From, int To, TextComparison Title, TextComparison Body, int Inserted, int Deleted)
{
    public static VersionDiffView Of(SubmissionVersion from, SubmissionVersion to)
    {
        var title = TextDiff.Compare(from.Title, to.Title);
        var body = TextDiff.Compare(from.Body, to.Body);
        return new(to.SubmissionId, from.Number, to.Number, title, body, title.Inserted + body.Inserted, title.Deleted + body.Deleted);
    }
}

/// <summary>What one editor's version changed in the version before it.</summary>
public sealed record EditorChangeView(int Number, int PreviousNumber, Guid? EditorPersonId, string? EditorName, string? Reason,
    DateTimeOffset CreatedAt, TextComparison Title, TextComparison Body, int Inserted, int Deleted);

public sealed record EditorChangesView(Guid SubmissionId, IReadOnlyList<EditorChangeView> Items);

/// <summary>
/// 版本: an item's text versions, a character diff of any two, editors' polishing during review, and what the editors
/// changed. Reading follows the item's visibility (another member's item, or another tenant's, answers 404).
/// </summary>
public static class VersionsApi
{
    public static RouteGroupBuilder MapVersionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/submissions/{id:guid}").WithTags("Submission versions");
        group.MapGet("/versions", ListAsync).RequireAuthorization(PlatformPolicies.IntakeReader).WithETag();
        group.MapGet("/versions/{number:int}", GetAsync).RequireAuthorization(PlatformPolicies.IntakeReader).WithETag();
        group.MapGet("/diff", DiffAsync).RequireAuthorization(PlatformPolicies.IntakeReader).WithETag();
        group.MapGet("/editor-changes", EditorChangesAsync).RequireAuthorization(PlatformPolicies.IntakeReader).WithETag();
        group.MapPost("/polish", PolishAsync).RequireAuthorization(PlatformPolicies.IntakeEditor).WithIdempotency();
        return group;
    }

    /// <summary>The versions, newest first.</summary>
    public static async Task<Results<Ok<VersionListView>, ProblemHttpResult>> ListAsync(Guid id, IntakeDbContext db, Caller caller, CancellationToken ct)
    {
        if (await CurrentVersionAsync(db, caller, id, ct) is not { } current) return ApiProblems.NotFound("Submission", id);
        var versions = await db.SubmissionVersions.AsNoTracking().Where(v => v.SubmissionId == id).OrderByDescending(v => v.Number).ToListAsync(ct);
        var names = await NamesAsync(db, versions, ct);
        return TypedResults.Ok(new VersionListView(id, current, [.. versions.Select(v => new VersionSummaryView(v.Number, v.Title,
            v.EditorPersonId, NameOf(names, v.EditorPersonId), v.EditorRole, v.Reason, v.CreatedAt, TextDiff.Length(v.Body)))]));
    }

    public static async Task<Results<Ok<VersionView>, ProblemHttpResult>> GetAsync(Guid id, int number, IntakeDbContext db, Caller caller, CancellationToken ct)
    {
        if (await CurrentVersionAsync(db, caller, id, ct) is null) return ApiProblems.NotFound("Submission", id);
        var v = await db.SubmissionVersions.AsNoTracking().FirstOrDefaultAsync(v => v.SubmissionId == id && v.Number == number, ct);
        if (v is null) return VersionNotFound(id, number);
        var names = await NamesAsync(db, [v], ct);
        return TypedResults.Ok(new VersionView(id, v.Number, v.Title, v.Body, v.EditorPersonId, NameOf(names, v.EditorPersonId), v.EditorRole, v.Reason, v.CreatedAt));
    }

    /// <summary>Version <paramref name="from"/> → version <paramref name="to"/> (either order). Missing, non-positive or
    /// equal numbers are a 400; a number the item has no version of is a 404, as reading that version is.</summary>
    public static async Task<Results<Ok<VersionDiffView>, ValidationProblem, ProblemHttpResult>> DiffAsync(
        Guid id, int? from, int? to, IntakeDbContext db, Caller caller, CancellationToken ct)
    {
        var validator = new Validator()
            .Check(from is not null, "from", "必填 (required)")
            .Check(to is not null, "to", "必填 (required)");
        validator.Check(from is null or > 0, "from", "版本号从 1 开始 (versions are numbered from 1)")
            .Check(to is null or > 0, "to", "版本号从 1 开始 (versions are numbered from 1)")
            .Check(from is null || from != to, "to", "请选择两个不同的版本 (compare two different versions)");
        if (!validator.IsValid) return validator.ToProblem();
        if (await CurrentVersionAsync(db, caller, id, ct) is null) return ApiProblems.NotFound("Submission", id);
        var pair = await db.SubmissionVersions.AsNoTracking().Where(v => v.SubmissionId == id && (v.Number == from || v.Number == to)).ToListAsync(ct);
        if (pair.FirstOrDefault(v => v.Number == from) is not { } older) return VersionNotFound(id, from!.Value);
        if (pair.FirstOrDefault(v => v.Number == to) is not { } newer) return VersionNotFound(id, to!.Value);
        return TypedResults.Ok(VersionDiffView.Of(older, newer));
    }

    /// <summary>For the writer: each editor's version with what it changed in the one before it, newest first.</summary>
    public static async Task<Results<Ok<EditorChangesView>, ProblemHttpResult>> EditorChangesAsync(
        Guid id, IntakeDbContext db, Caller caller, CancellationToken ct)
    {
        if (await CurrentVersionAsync(db, caller, id, ct) is null) return ApiProblems.NotFound("Submission", id);
        var versions = await db.SubmissionVersions.AsNoTracking().Where(v => v.SubmissionId == id).OrderBy(v => v.Number).ToListAsync(ct);
        var names = await NamesAsync(db, versions, ct);
        var changes = versions.Zip(versions.Skip(1))
            .Where(p => p.Second.EditorRole == EditorRoles.Editor)
            .Select(p => (Diff: VersionDiffView.Of(p.First, p.Second), Version: p.Second))
            .Select(c => new EditorChangeView(c.Version.Number, c.Diff.From, c.Version.EditorPersonId, NameOf(names, c.Version.EditorPersonId),
                c.Version.Reason, c.Version.CreatedAt, c.Diff.Title, c.Diff.Body, c.Diff.Inserted, c.Diff.Deleted))
            .Reverse();
        return TypedResults.Ok(new EditorChangesView(id, [.. changes]));
    }

    /// <summary>编辑润色 by an editor while the item is under review: a new version in the editor role, SubmissionEdited
    /// committed with it. The same text again changes nothing (200, the same version).</summary>
    public static async Task<Results<Ok<SubmissionView>, ValidationProblem, ProblemHttpResult>> PolishAsync(
        Guid id, PolishRequest request, IfMatch ifMatch, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Required("title", request.Title, Submission.TitleMaxLength)
            .Required("body", request.Body, Submission.BodyMaxLength)
            .Required("reason", request.Reason, SubmissionVersion.ReasonMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var submission = await db.Visible(caller).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) return ApiProblems.NotFound("Submission", id);
        if (!ifMatch.Holds(db, submission, s => s.Version)) return IfMatch.Stale("submission");
        var polished = submission.Polish(request.Title!, request.Body!, caller.PersonId, request.Reason!, clock.GetUtcNow());
        if (polished.Error is { } refused) return ApiProblems.Refused(refused);
        if (polished.Value is { } version) db.SubmissionVersions.Add(version);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.IsUniqueViolation())
        {
            // Changed after it was read (the row version, or a concurrent change's same version number).
            return IfMatch.Stale("submission");
        }
        return TypedResults.Ok(SubmissionView.From(submission));
    }

    /// <summary>The item's current version number if the caller may see the item, else null.</summary>
    private static async Task<int?> CurrentVersionAsync(IntakeDbContext db, Caller caller, Guid id, CancellationToken ct) =>
        await db.Visible(caller).Where(s => s.Id == id).Select(s => (int?)s.ContentVersion).FirstOrDefaultAsync(ct);

    /// <summary>The names the people directory knows for the versions' editors.</summary>
    private static async Task<Dictionary<Guid, string>> NamesAsync(IntakeDbContext db, IEnumerable<SubmissionVersion> versions, CancellationToken ct)
    {
        var ids = versions.Select(v => v.EditorPersonId).OfType<Guid>().Distinct().ToList();
        if (ids.Count == 0) return [];
        return await db.Set<DirectoryPerson>().AsNoTracking().Where(p => ids.Contains(p.PersonId) && p.Version > 0 && p.Name != "")
            .ToDictionaryAsync(p => p.PersonId, p => p.Name, ct);
    }

    private static string? NameOf(Dictionary<Guid, string> names, Guid? personId) =>
        personId is { } id && names.TryGetValue(id, out var name) ? name : null;

    private static ProblemHttpResult VersionNotFound(Guid id, int number) => ApiProblems.Problem(StatusCodes.Status404NotFound, "not-found",
        "未找到该版本", $"Submission '{id}' has no version {number}.");
}
