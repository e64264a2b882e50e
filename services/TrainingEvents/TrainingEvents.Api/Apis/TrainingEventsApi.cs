using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.Security;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.TrainingEvents.Data;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Apis;

public sealed record CancelEventRequest(string? Reason);

/// <summary>培训与活动: events through their states. Every person of the tenant reads; staff plan, edit and move them.</summary>
public static class TrainingEventsApi
{
    public static RouteGroupBuilder MapTrainingEventsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/events").WithTags("Training events").RequireAuthorization(PlatformPolicies.TrainingReader);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync).WithETag();
        group.MapPost("/", ScheduleAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        group.MapPut("/{id:guid}", ReviseAsync).RequireAuthorization(PlatformPolicies.Staff);
        group.MapPost("/{id:guid}/open", (Guid id, IfMatch ifMatch, TrainingDbContext db, TimeProvider clock, CancellationToken ct) =>
            MoveAsync(id, TrainingEventStatus.Open, ifMatch, db, clock, ct)).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        group.MapPost("/{id:guid}/close", (Guid id, IfMatch ifMatch, TrainingDbContext db, TimeProvider clock, CancellationToken ct) =>
            MoveAsync(id, TrainingEventStatus.Closed, ifMatch, db, clock, ct)).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        group.MapPost("/{id:guid}/held", (Guid id, IfMatch ifMatch, TrainingDbContext db, TimeProvider clock, CancellationToken ct) =>
            MoveAsync(id, TrainingEventStatus.Held, ifMatch, db, clock, ct)).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        group.MapPost("/{id:guid}/archive", (Guid id, IfMatch ifMatch, TrainingDbContext db, TimeProvider clock, CancellationToken ct) =>
            MoveAsync(id, TrainingEventStatus.Archived, ifMatch, db, clock, ct)).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        group.MapPost("/{id:guid}/cancel", CancelAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        return group;
    }

    public static async Task<Results<Ok<PagedList<TrainingEventView>>, ValidationProblem>> ListAsync(
        TrainingDbContext db, PageRequest page, CancellationToken ct, string? kind = null, string? status = null)
    {
        var validator = new Validator()
            .Check(ApiEnums.TryParse<TrainingEventKind>(kind, out var wantedKind), "kind", $"可选: {ApiEnums.Allowed<TrainingEventKind>()}")
            .Check(ApiEnums.TryParse<TrainingEventStatus>(status, out var wantedStatus), "status", $"可选: {ApiEnums.Allowed<TrainingEventStatus>()}");
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.Events.AsNoTracking();
        if (wantedKind is { } k) query = query.Where(t => t.Kind == k);
        if (wantedStatus is { } s) query = query.Where(t => t.Status == s);
        var events = await query.OrderByDescending(t => t.StartsAt).ThenBy(t => t.Id).Include(t => t.Sessions).ToPageAsync(page, ct);
        var counts = await CountsAsync(db, [.. events.Items.Select(t => t.Id)], ct);
        return TypedResults.Ok(events.Select(t => TrainingEventView.From(t, counts.GetValueOrDefault(t.Id, new(0, 0, 0)))));
    }

    public static async Task<Results<Ok<TrainingEventView>, ProblemHttpResult>> GetAsync(Guid id, TrainingDbContext db, CancellationToken ct)
    {
        var training = await db.Events.AsNoTracking().Include(t => t.Sessions).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (training is null) return ApiProblems.NotFound("Training event", id);
        return TypedResults.Ok(TrainingEventView.From(training, (await CountsAsync(db, [id], ct)).GetValueOrDefault(id, new(0, 0, 0))));
    }

    public static async Task<Results<Created<TrainingEventView>, ValidationProblem>> ScheduleAsync(
        ScheduleEventRequest request, TrainingDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var (plan, validator) = request.ToPlan();
        if (plan is null) return validator.ToProblem();
        var training = TrainingEvent.Schedule(caller.TenantId, plan, clock.GetUtcNow());
        db.Events.Add(training);
        await db.SyncSharedListingAsync(training, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/events/{training.Id}", TrainingEventView.From(training, new(0, 0, 0)));
    }

    /// <summary>Edits the plan (If-Match). A new time or place tells the registrants (TrainingEventChanged).</summary>
    public static async Task<Results<Ok<TrainingEventView>, ValidationProblem, ProblemHttpResult>> ReviseAsync(
        Guid id, ScheduleEventRequest request, IfMatch ifMatch, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (plan, validator) = request.ToPlan();
        if (plan is null) return validator.ToProblem();
        return await db.LockedAsync<Results<Ok<TrainingEventView>, ValidationProblem, ProblemHttpResult>>(id, async training =>
        {
            if (training is null) return (ApiProblems.NotFound("Training event", id), false);
            if (!ifMatch.Holds(db, training, t => t.Version)) return (IfMatch.Stale("training event"), false);
            await db.Entry(training).Collection(t => t.Attendances).LoadAsync(ct);
            if (training.WouldDropAttendedSession(plan.Sessions.Count))
                return (ApiProblems.Conflict("session-has-attendance", "已有签到的场次不能删除", "A session with check-ins cannot be removed."), false);
            var registrants = await db.RegistrantsAsync(id, ct);
            if (training.Revise(plan, registrants, clock.GetUtcNow()) is { Error: { } refused }) return (ApiProblems.Refused(refused), false);
            await db.SyncSharedListingAsync(training, ct);
            return (TypedResults.Ok(TrainingEventView.From(training, await CountsAsync(db, id, ct))), true);
        }, ct);
    }

    public static Task<Results<Ok<TrainingEventView>, ProblemHttpResult>> MoveAsync(
        Guid id, TrainingEventStatus target, IfMatch ifMatch, TrainingDbContext db, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(id, ifMatch, db, training => training.MoveTo(target, clock.GetUtcNow()), ct);

    public static async Task<Results<Ok<TrainingEventView>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        Guid id, CancelEventRequest request, IfMatch ifMatch, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("reason", request.Reason, TrainingEvent.ReasonMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var registrants = new List<Guid>();
        return (await ChangeAsync(id, ifMatch, db, training => training.Cancel(request.Reason!, registrants, clock.GetUtcNow()), ct,
            async () => registrants.AddRange(await db.RegistrantsAsync(id, ct)))).Result switch
        {
            Ok<TrainingEventView> ok => ok,
            ProblemHttpResult problem => problem,
            var other => throw new InvalidOperationException($"Unexpected result {other}"),
        };
    }

    private static async Task<Results<Ok<TrainingEventView>, ProblemHttpResult>> ChangeAsync(
        Guid id, IfMatch ifMatch, TrainingDbContext db, Func<TrainingEvent, Outcome> change, CancellationToken ct, Func<Task>? before = null) =>
        await db.LockedAsync<Results<Ok<TrainingEventView>, ProblemHttpResult>>(id, async training =>
        {
            if (training is null) return (ApiProblems.NotFound("Training event", id), false);
            if (!ifMatch.Holds(db, training, t => t.Version)) return (IfMatch.Stale("training event"), false);
            if (before is not null) await before();
            if (change(training) is { Error: { } refused }) return (ApiProblems.Refused(refused), false);
            await db.SyncSharedListingAsync(training, ct);
            return (TypedResults.Ok(TrainingEventView.From(training, await CountsAsync(db, id, ct))), true);
        }, ct);

    public static async Task<EventCounts> CountsAsync(TrainingDbContext db, Guid id, CancellationToken ct) =>
        (await CountsAsync(db, [id], ct)).GetValueOrDefault(id, new(0, 0, 0));

    /// <summary>Live counts of some events: persons who attended any session, confirmed and waiting registrations.</summary>
    public static async Task<Dictionary<Guid, EventCounts>> CountsAsync(TrainingDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var attended = await db.Attendances.AsNoTracking().Where(a => ids.Contains(a.TrainingEventId))
            .GroupBy(a => a.TrainingEventId).Select(g => new { g.Key, Persons = g.Select(a => a.PersonId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Persons, ct);
        var registered = await db.Registrations.AsNoTracking().Where(r => ids.Contains(r.TrainingEventId) && r.Status != RegistrationStatus.Cancelled)
            .GroupBy(r => new { r.TrainingEventId, r.Status }).Select(g => new { g.Key.TrainingEventId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        return ids.ToDictionary(id => id, id => new EventCounts(attended.GetValueOrDefault(id),
            registered.Where(r => r.TrainingEventId == id && r.Status == RegistrationStatus.Confirmed).Sum(r => r.Count),
            registered.Where(r => r.TrainingEventId == id && r.Status == RegistrationStatus.Waiting).Sum(r => r.Count)));
    }
}
