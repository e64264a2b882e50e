using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Intake.Apis;

/// <summary>A topic for the list. Source: seminar (选题研讨) or leader (领导出题).</summary>
public sealed record ProposeTopicRequest(string? Title, string? Description, string? Source, string? SourceReference);

/// <summary>A solicitation from a topic: title and brief default to the topic's title and description.</summary>
public sealed record SolicitTopicRequest(IReadOnlyList<Guid>? TargetUnitIds, IReadOnlyList<Guid>? TargetPersonIds, DateOnly? Deadline,
    decimal? Bonus = null, string? Title = null, string? Brief = null);

public sealed record TopicView(Guid Id, string Title, string Description, TopicSource Source, string SourceName, string? SourceReference,
    TopicStatus Status, Guid? SolicitationId, Guid? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IVersioned
{
    public uint Version { get; init; }

    public static TopicView From(Topic t) => new(t.Id, t.Title, t.Description, t.Source, t.Source == TopicSource.Seminar ? "选题研讨" : "领导出题",
        t.SourceReference, t.Status, t.SolicitationId, t.CreatedBy, t.CreatedAt, t.UpdatedAt) { Version = t.Version };
}

/// <summary>选题: the office's topic list (from seminars and leaders); a topic can be turned into a solicitation once, or dropped.
/// Staff and leaders only.</summary>
public static class TopicsApi
{
    public static RouteGroupBuilder MapTopicsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/topics").WithTags("Topics").RequireAuthorization(PlatformPolicies.Staff);
        group.MapPost("/", ProposeAsync).WithETag().WithIdempotency();
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync).WithETag();
        group.MapPost("/{id:guid}/solicit", SolicitAsync).WithIdempotency();
        group.MapPost("/{id:guid}/drop", DropAsync).WithIdempotency();
        return group;
    }

    public static async Task<Results<Created<TopicView>, ValidationProblem>> ProposeAsync(
        ProposeTopicRequest request, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Required("title", request.Title, Topic.TitleMaxLength)
            .Optional("description", request.Description, Topic.DescriptionMaxLength)
            .Optional("sourceReference", request.SourceReference, Topic.SourceReferenceMaxLength)
            .Check(request.Source is not null, "source", $"必填 (required); 可选: {ApiEnums.Allowed<TopicSource>()}")
            .Check(ApiEnums.TryParse<TopicSource>(request.Source, out var source), "source", $"可选: {ApiEnums.Allowed<TopicSource>()}");
        if (!validator.IsValid) return validator.ToProblem();
        var topic = Topic.Propose(caller.TenantId, request.Title!, request.Description, source!.Value, request.SourceReference, caller.PersonId, clock.GetUtcNow());
        db.Topics.Add(topic);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/topics/{topic.Id}", TopicView.From(topic));
    }

    public static async Task<Results<Ok<PagedList<TopicView>>, ValidationProblem>> ListAsync(
        IntakeDbContext db, PageRequest page, CancellationToken ct, string? status = null, string? source = null)
    {
        var validator = new Validator()
            .Check(ApiEnums.TryParse<TopicStatus>(status, out var wanted), "status", $"可选: {ApiEnums.Allowed<TopicStatus>()}")
            .Check(ApiEnums.TryParse<TopicSource>(source, out var from), "source", $"可选: {ApiEnums.Allowed<TopicSource>()}");
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.Topics.AsNoTracking();
        if (wanted is { } s) query = query.Where(t => t.Status == s);
        if (from is { } f) query = query.Where(t => t.Source == f);
        var result = await query.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(TopicView.From));
    }

    public static async Task<Results<Ok<TopicView>, ProblemHttpResult>> GetAsync(Guid id, IntakeDbContext db, CancellationToken ct) =>
        await db.Topics.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) is { } topic
            ? TypedResults.Ok(TopicView.From(topic))
            : ApiProblems.NotFound("Topic", id);

    /// <summary>Issues a solicitation from the topic (linked both ways) and marks it solicited, in one transaction.</summary>
    public static async Task<Results<Created<SolicitationView>, ValidationProblem, ProblemHttpResult>> SolicitAsync(
        Guid id, SolicitTopicRequest request, IfMatch ifMatch, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var topic = await db.Topics.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (topic is null) return ApiProblems.NotFound("Topic", id);
        var now = clock.GetUtcNow();
        var issue = new IssueSolicitationRequest(request.Title ?? topic.Title, request.Brief ?? NullIfEmpty(topic.Description),
            request.TargetUnitIds, request.TargetPersonIds, request.Deadline, request.Bonus);
        var validator = new Validator().Required("title", issue.Title, Solicitation.TitleMaxLength);
        await SolicitationsApi.CheckBriefAsync(validator, db, issue, BodyCalendar.Today(now), ct);
        if (!validator.IsValid) return validator.ToProblem();
        if (!ifMatch.Holds(db, topic, t => t.Version)) return IfMatch.Stale("topic");
        if (topic.CannotBeSolicited() is { } refused) return ApiProblems.Refused(refused);
        var solicitation = Solicitation.Issue(caller.TenantId, SolicitationsApi.ToBrief(issue), caller.PersonId, topic.Id, now);
        topic.MarkSolicited(solicitation.Id, now);
        db.Solicitations.Add(solicitation);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("topic");
        }
        return TypedResults.Created($"/solicitations/{solicitation.Id}", SolicitationView.From(solicitation, progress: new(0, 0, 0, [], [])));
    }

    public static async Task<Results<Ok<TopicView>, ProblemHttpResult>> DropAsync(
        Guid id, IfMatch ifMatch, IntakeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var topic = await db.Topics.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (topic is null) return ApiProblems.NotFound("Topic", id);
        if (!ifMatch.Holds(db, topic, t => t.Version)) return IfMatch.Stale("topic");
        if (topic.Drop(clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("topic");
        }
        return TypedResults.Ok(TopicView.From(topic));
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
