using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.Security;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.TrainingEvents.Data;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Apis;

public sealed record ScheduleEventRequest(string? Title, TrainingEventKind? Kind, DateTimeOffset? StartsAt, string? Place, int? Capacity);
public sealed record RecordAttendanceRequest(Guid? PersonId, decimal? Hours);
public sealed record TrainingEventView(Guid Id, string Title, TrainingEventKind Kind, DateTimeOffset StartsAt, string? Place, int? Capacity, int Attended);
public sealed record AttendanceView(Guid TrainingEventId, Guid PersonId, decimal Hours, DateTimeOffset CheckedInAt);

/// <summary>培训与活动: events, and attendance that earns hours and points.</summary>
public static class TrainingEventsApi
{
    public static RouteGroupBuilder MapTrainingEventsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/events").WithTags("Training events").RequireAuthorization(PlatformPolicies.TrainingReader);
        group.MapGet("/", async (TrainingDbContext db, PageRequest page, CancellationToken ct) => TypedResults.Ok(await db.Events.AsNoTracking()
            .OrderByDescending(t => t.StartsAt).ThenBy(t => t.Id)
            .Select(t => new TrainingEventView(t.Id, t.Title, t.Kind, t.StartsAt, t.Place, t.Capacity, t.Attendances.Count))
            .ToPageAsync(page, ct)));
        group.MapGet("/{id:guid}", GetAsync).WithETag();
        group.MapPost("/", ScheduleAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        group.MapPost("/{id:guid}/attendance", RecordAttendanceAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        return group;
    }

    public static async Task<Results<Ok<TrainingEventView>, ProblemHttpResult>> GetAsync(Guid id, TrainingDbContext db, CancellationToken ct) =>
        await db.Events.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new TrainingEventView(t.Id, t.Title, t.Kind, t.StartsAt, t.Place, t.Capacity, t.Attendances.Count))
            .FirstOrDefaultAsync(ct) is { } view
            ? TypedResults.Ok(view)
            : ApiProblems.NotFound("Training event", id);

    public static async Task<Results<Created<TrainingEventView>, ValidationProblem>> ScheduleAsync(
        ScheduleEventRequest request, TrainingDbContext db, Caller caller, CancellationToken ct)
    {
        var validator = new Validator()
            .Required("title", request.Title, TrainingEvent.TitleMaxLength)
            .Check(request.Kind is { } kind && Enum.IsDefined(kind), "kind", $"可选: {ApiEnums.Allowed<TrainingEventKind>()}")
            .Check(request.StartsAt is not null, "startsAt", "必填 (required)")
            .Optional("place", request.Place, 200)
            .Check(request.Capacity is null or > 0, "capacity", "必须大于 0 (must be positive)");
        if (!validator.IsValid) return validator.ToProblem();
        var training = TrainingEvent.Schedule(caller.TenantId, request.Title!, request.Kind!.Value, request.StartsAt!.Value, request.Place, request.Capacity);
        db.Events.Add(training);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/events/{training.Id}",
            new TrainingEventView(training.Id, training.Title, training.Kind, training.StartsAt, training.Place, training.Capacity, 0));
    }

    public static async Task<Results<Created<AttendanceView>, ValidationProblem, ProblemHttpResult>> RecordAttendanceAsync(
        Guid id, RecordAttendanceRequest request, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Required("personId", request.PersonId)
            .Check(request.Hours is null or (> 0 and <= 24), "hours", "0 < hours ≤ 24");
        if (!validator.IsValid) return validator.ToProblem();
        var personId = request.PersonId!.Value;
        var hours = request.Hours ?? 2m;
        // Capacity is checked and the check-in written under a lock on the event row, so concurrent
        // check-ins cannot both take the last place.
        var checkIn = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await JoinedTransaction.BeginOrJoinAsync(db.Database, ct);
            var training = await db.Events.FromSql($"SELECT * FROM training_events WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(ct);
            if (training is null) return (Found: false, Outcome: default(Outcome<Attendance>));
            var alreadyCheckedIn = await db.Attendances.AnyAsync(a => a.TrainingEventId == id && a.PersonId == personId, ct);
            var attended = await db.Attendances.CountAsync(a => a.TrainingEventId == id, ct);
            var outcome = training.RecordAttendance(personId, hours, alreadyCheckedIn, attended, clock.GetUtcNow());
            if (outcome.Value is { } attendance)
            {
                db.Attendances.Add(attendance);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            return (Found: true, Outcome: outcome);
        });
        if (!checkIn.Found) return ApiProblems.NotFound("Training event", id);
        if (checkIn.Outcome is { Error: { } refused }) return ApiProblems.Refused(refused);
        var recorded = checkIn.Outcome.Value!;
        return TypedResults.Created($"/events/{id}/attendance/{personId}",
            new AttendanceView(id, personId, recorded.Hours, recorded.CheckedInAt));
    }
}
