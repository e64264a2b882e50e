using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Intake.Apis;

/// <summary>
/// GET /submissions' filters (query string), all ANDed. Ids and dates are read here rather than bound, so a bad one
/// is a validation problem naming the parameter. <c>from</c>/<c>to</c> are days (yyyy-MM-dd, China Standard Time,
/// both included) of the submitted date — the latest submission, the date offices count items by; drafts, never
/// submitted, have none and drop out when either is given.
/// </summary>
public sealed record SubmissionFilter(string? Q, string? Status, string? Type, string? Theme, string? Channel,
    string? AuthorPersonId, string? UnitId, string? SolicitationId, string? From, string? To)
{
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    private sealed record Parsed(SubmissionStatus? Status, SubmissionType? Type, SubmissionChannel? Channel, Guid? Author,
        Guid? Unit, Guid? Solicitation, DateTimeOffset? From, DateTimeOffset? Before);

    private Parsed? _parsed;

    public Validator Validate()
    {
        var validator = new Validator()
            .Optional("q", Q, SearchText.MaxQueryLength)
            .Check(string.IsNullOrWhiteSpace(Q) || Q.Length > SearchText.MaxQueryLength || SearchText.Runs(Q).Count > 0, "q",
                "须包含汉字、字母或数字 (letters, digits or Chinese characters)")
            .Check(ApiEnums.TryParse<SubmissionStatus>(Status, out var status), "status", $"可选: {ApiEnums.Allowed<SubmissionStatus>()}")
            .Check(ApiEnums.TryParse<SubmissionType>(Type, out var type), "type", $"可选: {ApiEnums.Allowed<SubmissionType>()}")
            .Check(ApiEnums.TryParse<SubmissionChannel>(Channel, out var channel), "channel", $"可选: {ApiEnums.Allowed<SubmissionChannel>()}")
            .Check(Theme is null || Theme.Trim().Length is > 0 and <= ThemeRules.MaxLength, "theme", $"主题为 1–{ThemeRules.MaxLength} 个字");
        var author = ReadId(validator, "authorPersonId", AuthorPersonId);
        var unit = ReadId(validator, "unitId", UnitId);
        var solicitation = ReadId(validator, "solicitationId", SolicitationId);
        var from = ReadDay(validator, "from", From);
        var to = ReadDay(validator, "to", To);
        validator.Check(from is null || to is null || from <= to, "to", "结束日期不能早于开始日期 (to is before from)");
        if (validator.IsValid)
            _parsed = new(status, type, channel, author, unit, solicitation, Start(from), to is { } last ? Start(last.AddDays(1)) : null);
        return validator;
    }

    /// <summary>The items that pass every filter but q (which <see cref="SubmissionQueriesApi"/> applies); after <see cref="Validate"/>.</summary>
    public IQueryable<Submission> Apply(IQueryable<Submission> items)
    {
        var f = _parsed ?? throw new InvalidOperationException("Validate the filter first.");
        if (f.Status is { } status) items = items.Where(s => s.Status == status);
        if (f.Type is { } type) items = items.Where(s => s.Type == type);
        if (f.Channel is { } channel) items = items.Where(s => s.Provenance.Channel == channel);
        if (Theme?.Trim() is { Length: > 0 } theme)
        {
            string[] themes = [theme];
            items = items.Where(s => themes.All(t => s.Themes.Contains(t))); // themes @> '{theme}': the GIN index
        }
        if (f.Author is { } author)
        {
            Guid[] authors = [author];
            items = items.Where(s => authors.All(a => s.AuthorPersonIds.Contains(a))); // any co-author, by the GIN index
        }
        if (f.Unit is { } unit) items = items.Where(s => s.UnitId == unit);
        if (f.Solicitation is { } solicitation) items = items.Where(s => s.SolicitationId == solicitation);
        if (f.From is { } from) items = items.Where(s => s.SubmittedAt >= from);
        if (f.Before is { } before) items = items.Where(s => s.SubmittedAt < before);
        return items;
    }

    private static Guid? ReadId(Validator validator, string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (Guid.TryParse(value, out var id) && id != Guid.Empty) return id;
        validator.Add(name, "须为 UUID (a UUID)");
        return null;
    }

    private static DateOnly? ReadDay(Validator validator, string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 1900 and <= 9998)
            return day;
        validator.Add(name, "须为日期 yyyy-MM-dd (a date, yyyy-MM-dd)");
        return null;
    }

    private static DateTimeOffset? Start(DateOnly? day) =>
        day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), ChinaStandardTime).ToUniversalTime() : null;
}

/// <summary>A near-duplicate of an item, as the reviewer sees it.</summary>
public sealed record SimilarItemView(Guid Id, string Title, decimal Score, SubmissionStatus Status, DateTimeOffset? SubmittedAt);

/// <summary>
/// An item's near-duplicates, best first, as computed after it was last submitted or polished. ComputedAt and
/// ContentVersion (the text version compared) are null until the first computation, which follows the submit by a
/// moment: until then the list is empty.
/// </summary>
public sealed record SimilarItemsView(Guid SubmissionId, double Threshold, DateTimeOffset? ComputedAt, int? ContentVersion,
    IReadOnlyList<SimilarItemView> Items);

/// <summary>Finding items: the filtered and searched list, and an item's near-duplicates (疑似重复).</summary>
public static class SubmissionQueriesApi
{
    private sealed record SearchHit(Guid Id, float Rank);

    public static RouteGroupBuilder MapSubmissionQueriesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/submissions").WithTags("Submissions");
        group.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.IntakeReader);
        // Reviewers' view: the office's staff and leaders, not members (nor partners).
        group.MapGet("/{id:guid}/similar", SimilarAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        return group;
    }

    /// <summary>
    /// The caller's visible items, filtered; newest first, or with <c>q</c> (Chinese full-text over title and body,
    /// by character pairs) the best match first, then the newest, each with a snippet around its first hit in 【】.
    /// </summary>
    public static async Task<Results<Ok<PagedList<SubmissionView>>, ValidationProblem>> ListAsync(
        [AsParameters] SubmissionFilter filter, IntakeDbContext db, Caller caller, PageRequest page, CancellationToken ct)
    {
        var validator = filter.Validate();
        if (!validator.IsValid) return validator.ToProblem();
        var items = filter.Apply(db.Visible(caller).AsNoTracking());
        if (filter.Q?.Trim() is not { Length: > 0 } q)
        {
            var result = await items.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).ToPageAsync(page, ct);
            return TypedResults.Ok(result.Select(SubmissionView.From));
        }
        var hits = db.Database.SqlQuery<SearchHit>($"SELECT id, rank FROM submission_search({q})");
        var found = await items.Join(hits, s => s.Id, h => h.Id, (s, h) => new { Item = s, h.Rank })
            .OrderByDescending(x => x.Rank).ThenByDescending(x => x.Item.CreatedAt).ThenByDescending(x => x.Item.Id)
            .ToPageAsync(page, ct);
        return TypedResults.Ok(found.Select(x => SubmissionView.From(x.Item) with { Snippet = SearchText.Snippet(q, x.Item.Title, x.Item.Body) }));
    }

    public static async Task<Results<Ok<SimilarItemsView>, ProblemHttpResult>> SimilarAsync(
        Guid id, IntakeDbContext db, Caller caller, CancellationToken ct)
    {
        var visible = db.Visible(caller).AsNoTracking();
        if (!await visible.AnyAsync(s => s.Id == id, ct)) return ApiProblems.NotFound("Submission", id);
        // The scan before the matches: they commit together, so matches read after a scan are at least that scan's.
        var scan = await db.SimilarScans.AsNoTracking().FirstOrDefaultAsync(s => s.SubmissionId == id, ct);
        // Only the matches the caller may see themselves (an item of a restricted channel stays hidden).
        var rows = await db.SimilarItems.AsNoTracking().Where(m => m.SubmissionId == id)
            .Join(visible, m => m.SimilarSubmissionId, s => s.Id, (m, s) => new { m.Score, m.ComputedAt, s.Id, s.Title, s.Status, s.SubmittedAt })
            .OrderByDescending(x => x.Score).ThenByDescending(x => x.SubmittedAt).ThenBy(x => x.Id)
            .ToListAsync(ct);
        return TypedResults.Ok(new SimilarItemsView(id, SimilarItems.Threshold, scan?.ComputedAt, scan?.ContentVersion,
            [.. rows.Select(r => new SimilarItemView(r.Id, r.Title, r.Score, r.Status, r.SubmittedAt))]));
    }
}
