using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Security;
using SheqingMinyi.TrainingEvents.Data;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Apis;

/// <summary>PersonId: whom the office registers (staff only); a person registering themselves sends none.</summary>
public sealed record RegisterRequest(Guid? PersonId);

public sealed record RegistrationView(Guid Id, Guid TrainingEventId, Guid PersonId, RegistrationStatus Status, string StatusName,
    int? WaitingPosition, DateTimeOffset RegisteredAt, Guid? RegisteredBy, DateTimeOffset? ConfirmedAt, DateTimeOffset? CancelledAt, string? GuestTenantId)
{
    public static RegistrationView From(Registration r, int? position = null) => new(r.Id, r.TrainingEventId, r.PersonId, r.Status,
        EventLabels.Registration(r.Status), position, r.RegisteredAt, r.RegisteredBy, r.ConfirmedAt, r.CancelledAt, r.GuestTenantId);
}

/// <summary>One of the person's events: the event, their registration and the hours they were credited. OwnerTenantId
/// names the other tenant whose shared event the person attends as a guest (null for the person's own tenant's).</summary>
public sealed record MyEventView(Guid TrainingEventId, string Title, TrainingEventKind Kind, string KindName, TrainingEventStatus Status,
    string StatusName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Place, RegistrationStatus? Registration, string? RegistrationName,
    int SessionsAttended, decimal HoursCredited, string? OwnerTenantId = null)
{
    public static MyEventView From(GuestEntry g) => new(g.TrainingEventId, g.Title, g.Kind, EventLabels.Kind(g.Kind), g.Status, EventLabels.Status(g.Status),
        g.StartsAt, g.EndsAt, g.Place, g.Registration, EventLabels.Registration(g.Registration), g.SessionsAttended, g.HoursCredited, g.OwnerTenantId);
}

/// <summary>
/// 报名: a person registers within the window (or the office on their behalf); past the capacity they wait, and the
/// first waiting moves up when a confirmed person cancels. All under the event's row lock.
/// </summary>
public static class RegistrationsApi
{
    public static IEndpointRouteBuilder MapRegistrationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/events/{id:guid}/registrations").WithTags("Registrations").RequireAuthorization(PlatformPolicies.TrainingReader);
        group.MapPost("/", RegisterAsync).RequireAuthorization(PlatformPolicies.TrainingParticipant).WithIdempotency();
        group.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        group.MapPost("/{personId:guid}/cancel", CancelAsync).RequireAuthorization(PlatformPolicies.TrainingParticipant).WithIdempotency();
        app.MapGroup("/me").WithTags("Registrations").RequireAuthorization(PlatformPolicies.TrainingParticipant).MapGet("/events", MyEventsAsync);
        return app;
    }

    /// <summary>Whom the caller may act for: themselves, or (staff) anyone of the tenant.</summary>
    private static Guid? Subject(Caller caller, Guid? personId) =>
        personId is { } other && other != caller.PersonId ? (caller.IsInRole(PlatformRoles.Partner) || !caller.SeesWholeTenant ? null : other) : caller.PersonId;

    public static async Task<Results<Created<RegistrationView>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        Guid id, RegisterRequest request, TrainingDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Check(request.PersonId != Guid.Empty, "personId", "无效的人员 (not a person id)")
            .Check(request.PersonId is not null || caller.PersonId is not null, "personId", "必填：代为报名时须指明人员 (required when the caller is no person)");
        if (!validator.IsValid) return validator.ToProblem();
        if (Subject(caller, request.PersonId) is not { } personId)
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "只有工作人员可以代为报名", "Only staff register someone else.");
        var now = clock.GetUtcNow();
        return await db.LockedAsync<Results<Created<RegistrationView>, ValidationProblem, ProblemHttpResult>>(id, async training =>
        {
            if (training is null) return (ApiProblems.NotFound("Training event", id), false);
            var onBehalf = personId != caller.PersonId;
            // A person registering themselves must be of the audience (units or kinds, as people announced them);
            // the office may register anyone (audited).
            if (!onBehalf && training.CannotRegister(now) is null && await Audiences.RefusesAsync(db, training, personId, ct) is { } outside)
                return (ApiProblems.Refused(outside), false);
            var entered = await RegistrationDesk.EnterAsync(db, training, personId, onBehalf ? caller.PersonId : null, null, now, ct);
            if (entered.Value is not { } entry) return (ApiProblems.Refused(entered.Error!), false);
            if (onBehalf)
                db.AddAudit(caller.TenantId, caller.Subject, "training.registered-on-behalf", $"events/{id}/registrations/{personId}", ApiEnums.Name(entry.Registration.Status));
            return (TypedResults.Created($"/events/{id}/registrations/{personId}", RegistrationView.From(entry.Registration, entry.WaitingPosition)), true);
        }, ct);
    }

    /// <summary>Cancels a registration (the person's own, or any for staff); a freed place goes to the first waiting.</summary>
    public static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> CancelAsync(
        Guid id, Guid personId, TrainingDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        if (Subject(caller, personId) is null)
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "只能取消本人的报名", "Only staff cancel someone else's registration.");
        var now = clock.GetUtcNow();
        return await db.LockedAsync<Results<Ok<RegistrationView>, ProblemHttpResult>>(id, async training =>
        {
            if (training is null) return (ApiProblems.NotFound("Training event", id), false);
            var left = await RegistrationDesk.LeaveAsync(db, training, personId, now, ct);
            if (left.Error is { Code: "not-found" }) return (ApiProblems.NotFound("Registration", personId), false);
            if (left.Value is not { } entry) return (ApiProblems.Refused(left.Error!), false);
            if (personId != caller.PersonId)
                db.AddAudit(caller.TenantId, caller.Subject, "training.registration-cancelled-on-behalf", $"events/{id}/registrations/{personId}", "cancelled");
            return (TypedResults.Ok(RegistrationView.From(entry.Registration)), true);
        }, ct);
    }

    public static async Task<Results<Ok<List<RegistrationView>>, ProblemHttpResult>> ListAsync(Guid id, TrainingDbContext db, CancellationToken ct)
    {
        if (!await db.Events.AnyAsync(t => t.Id == id, ct)) return ApiProblems.NotFound("Training event", id);
        var registrations = await db.Registrations.AsNoTracking().Where(r => r.TrainingEventId == id)
            .OrderBy(r => r.Status).ThenBy(r => r.RegisteredAt).ThenBy(r => r.Id).ToListAsync(ct);
        var position = 0;
        return TypedResults.Ok(registrations.Select(r => RegistrationView.From(r, r.Status == RegistrationStatus.Waiting ? ++position : null)).ToList());
    }

    /// <summary>我的活动: the events the caller registered for or attended, newest first, with their hours; other tenants'
    /// shared events the caller joined as a guest among them (their <see cref="GuestEntry"/>, nothing else of the owner).</summary>
    public static async Task<Results<Ok<List<MyEventView>>, ProblemHttpResult>> MyEventsAsync(TrainingDbContext db, Caller caller, CancellationToken ct)
    {
        if (caller.PersonId is not { } me)
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "只有个人账号有自己的活动", "Only a person has events of their own.");
        var registrations = await db.Registrations.AsNoTracking().Where(r => r.PersonId == me).ToDictionaryAsync(r => r.TrainingEventId, ct);
        var attended = await db.Attendances.AsNoTracking().Where(a => a.PersonId == me).GroupBy(a => a.TrainingEventId)
            .Select(g => new { g.Key, Sessions = g.Count(), Hours = g.Sum(a => a.Hours) }).ToDictionaryAsync(x => x.Key, ct);
        var ids = registrations.Keys.Union(attended.Keys).ToList();
        var events = await db.Events.AsNoTracking().Where(t => ids.Contains(t.Id)).OrderByDescending(t => t.StartsAt).ThenBy(t => t.Id).ToListAsync(ct);
        var tenant = caller.TenantId;
        var asGuest = await db.GuestEntries.AsNoTracking().Where(g => g.GuestTenantId == tenant && g.PersonId == me).ToListAsync(ct);
        return TypedResults.Ok(events.Select(t =>
        {
            var registration = registrations.GetValueOrDefault(t.Id);
            var attendance = attended.GetValueOrDefault(t.Id);
            return new MyEventView(t.Id, t.Title, t.Kind, EventLabels.Kind(t.Kind), t.Status, EventLabels.Status(t.Status), t.StartsAt, t.EndsAt, t.Place,
                registration?.Status, registration is null ? null : EventLabels.Registration(registration.Status), attendance?.Sessions ?? 0, attendance?.Hours ?? 0);
        }).Concat(asGuest.Select(MyEventView.From)).OrderByDescending(e => e.StartsAt).ThenBy(e => e.TrainingEventId).ToList());
    }

}
