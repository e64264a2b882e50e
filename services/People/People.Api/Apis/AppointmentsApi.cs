using SheqingMinyi.BuildingBlocks.Calendar;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.People.Apis;

public sealed record AppointRequest(Guid? PersonId, DateOnly? StartsOn, DateOnly? EndsOn);
public sealed record RenewAppointmentRequest(DateOnly? EndsOn);
public sealed record RevokeAppointmentRequest(string? Reason);

public sealed record AppointmentTermView(DateOnly StartsOn, DateOnly EndsOn);

public sealed record AppointmentView(
    Guid Id, Guid PersonId, string PersonName, string PersonTenantId, bool CrossTenant, DateOnly StartsOn, DateOnly EndsOn,
    AppointmentStatus Status, DateOnly? EndedOn, string? RevokeReason, IReadOnlyList<AppointmentTermView> Terms, DateTimeOffset CreatedAt) : IVersioned
{
    /// <summary>The appointment's own version (the one its events carry): the ETag, not part of the body.</summary>
    public uint Version { get; init; }

    public static AppointmentView From(Appointment a) => new(a.Id, a.PersonId, a.PersonName, a.PersonTenantId, a.IsCrossTenant,
        a.StartsOn, a.EndsOn, a.Status, a.EndedOn, a.RevokeReason, [.. a.Terms.Select(t => new AppointmentTermView(t.StartsOn, t.EndsOn))], a.CreatedAt)
    { Version = (uint)a.Version };
}

/// <summary>
/// 聘任: the tenant's appointments of 特邀信息员, of its own persons or of persons another body shared with it
/// (<see cref="PersonSharesApi"/>). Appointing, renewing and revoking are the tenant-admin's; staff read.
/// </summary>
public static class AppointmentsApi
{
    public const int DefaultExpiringDays = 30, MaxExpiringDays = 365;

    public static RouteGroupBuilder MapAppointmentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/appointments").WithTags("Appointments").RequireAuthorization(PlatformPolicies.Staff);
        group.MapGet("/", ListAsync);
        group.MapGet("/expiring", ExpiringAsync);
        group.MapGet("/{id:guid}", GetAsync).WithETag();
        group.MapPost("/", AppointAsync).RequireAuthorization(PlatformPolicies.TenantAdmin).WithETag().WithIdempotency();
        group.MapPost("/{id:guid}/renew", RenewAsync).RequireAuthorization(PlatformPolicies.TenantAdmin).WithIdempotency();
        group.MapPost("/{id:guid}/revoke", RevokeAsync).RequireAuthorization(PlatformPolicies.TenantAdmin).WithIdempotency();
        return group;
    }

    public static async Task<Results<Ok<PagedList<AppointmentView>>, ValidationProblem>> ListAsync(
        PeopleDbContext db, PageRequest page, CancellationToken ct, string? status = null, Guid? personId = null)
    {
        var validator = new Validator()
            .Check(ApiEnums.TryParse<AppointmentStatus>(status, out var wanted), "status", $"可选: {ApiEnums.Allowed<AppointmentStatus>()}");
        if (!validator.IsValid) return validator.ToProblem();
        var query = db.Appointments.AsNoTracking();
        if (wanted is not null) query = query.Where(a => a.Status == wanted);
        if (personId is not null) query = query.Where(a => a.PersonId == personId);
        var result = await query.OrderByDescending(a => a.CreatedAt).ThenBy(a => a.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(AppointmentView.From));
    }

    /// <summary>Active appointments whose term ends within <paramref name="days"/> days from today, soonest first.</summary>
    public static async Task<Results<Ok<PagedList<AppointmentView>>, ValidationProblem>> ExpiringAsync(
        PeopleDbContext db, PageRequest page, TimeProvider clock, CancellationToken ct, int days = DefaultExpiringDays)
    {
        var validator = new Validator().Check(days is >= 1 and <= MaxExpiringDays, "days", $"须在 1 到 {MaxExpiringDays} 之间 (1–{MaxExpiringDays})");
        if (!validator.IsValid) return validator.ToProblem();
        var today = BodyCalendar.Today(clock.GetUtcNow());
        var until = today.AddDays(days);
        var result = await db.Appointments.AsNoTracking()
            .Where(a => a.Status == AppointmentStatus.Active && a.EndsOn >= today && a.EndsOn <= until)
            .OrderBy(a => a.EndsOn).ThenBy(a => a.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(AppointmentView.From));
    }

    public static async Task<Results<Ok<AppointmentView>, ProblemHttpResult>> GetAsync(Guid id, PeopleDbContext db, CancellationToken ct) =>
        await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } appointment
            ? TypedResults.Ok(AppointmentView.From(appointment))
            : ApiProblems.NotFound("Appointment", id);

    /// <summary>Appoints one of the tenant's active persons, or a person another tenant shared with it.</summary>
    public static async Task<Results<Created<AppointmentView>, ValidationProblem, ProblemHttpResult>> AppointAsync(
        AppointRequest request, PeopleDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("personId", request.PersonId)
            .Check(request.StartsOn is not null, "startsOn", "必填 (required)")
            .Check(request.EndsOn is not null, "endsOn", "必填 (required)");
        if (!validator.IsValid) return validator.ToProblem();
        var personId = request.PersonId!.Value;

        // Who the person is to this tenant: its own (and active), or shared with it by their tenant.
        var person = await db.Persons.FirstOrDefaultAsync(p => p.Id == personId, ct);
        string personTenantId, name;
        if (person is not null)
        {
            if (!person.IsActive) return ApiProblems.Refused(new DomainError("person-inactive", "人员已停用", $"Person '{personId}' is no longer active."));
            (personTenantId, name) = (caller.TenantId, person.Name);
        }
        else if (await db.ReceivedShares.AsNoTracking().Where(s => s.PersonId == personId && s.IsActive)
                     .OrderByDescending(s => s.SharedAt).FirstOrDefaultAsync(ct) is { } share)
            (personTenantId, name) = (share.SharingTenantId, share.PersonName);
        else
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["personId"] = ["人员不存在或未共享给本单位 (unknown or not shared with this tenant)"] });

        if (await db.Appointments.AnyAsync(a => a.PersonId == personId && a.Status == AppointmentStatus.Active, ct))
            return Overlapping(personId);
        var now = clock.GetUtcNow();
        var outcome = Appointment.Start(Guid.CreateVersion7(), caller.TenantId, personId, personTenantId, name,
            request.StartsOn!.Value, request.EndsOn!.Value, BodyCalendar.Today(now), now);
        if (outcome is { Error: { } refused }) return TermProblem(refused);
        var appointment = outcome.Value!;
        db.Appointments.Add(appointment);
        if (person is not null) AppointmentKinds.Grant(person, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            return Overlapping(personId); // another appointment of the person committed meanwhile
        }
        return TypedResults.Created($"/appointments/{appointment.Id}", AppointmentView.From(appointment));
    }

    public static async Task<Results<Ok<AppointmentView>, ValidationProblem, ProblemHttpResult>> RenewAsync(
        Guid id, RenewAppointmentRequest request, IfMatch ifMatch, PeopleDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Check(request.EndsOn is not null, "endsOn", "必填 (required)");
        if (!validator.IsValid) return validator.ToProblem();
        var appointment = await db.Appointments.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null) return ApiProblems.NotFound("Appointment", id);
        if (!ifMatch.Holds(db, appointment, a => a.Version)) return IfMatch.Stale("appointment");
        var now = clock.GetUtcNow();
        if (appointment.Renew(request.EndsOn!.Value, BodyCalendar.Today(now), now) is { Error: { } refused })
            return refused.Code == NotActive ? ApiProblems.Refused(refused) : TermProblem(refused);
        return await SavedAsync(db, appointment, ct);
    }

    public static async Task<Results<Ok<AppointmentView>, ValidationProblem, ProblemHttpResult>> RevokeAsync(
        Guid id, RevokeAppointmentRequest request, IfMatch ifMatch, PeopleDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("reason", request.Reason, Appointment.ReasonMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var appointment = await db.Appointments.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null) return ApiProblems.NotFound("Appointment", id);
        if (!ifMatch.Holds(db, appointment, a => a.Version)) return IfMatch.Stale("appointment");
        var now = clock.GetUtcNow();
        if (appointment.Revoke(request.Reason!, BodyCalendar.Today(now)) is { Error: { } refused }) return ApiProblems.Refused(refused);
        await AppointmentEnding.WithdrawKindAsync(db, appointment, now, ct);
        return await SavedAsync(db, appointment, ct);
    }

    private static async Task<Results<Ok<AppointmentView>, ValidationProblem, ProblemHttpResult>> SavedAsync(
        PeopleDbContext db, Appointment appointment, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("appointment"); // renewed, revoked or expired after this request read it
        }
        return TypedResults.Ok(AppointmentView.From(appointment));
    }

    private const string NotActive = "appointment-not-active";

    /// <summary>A term the domain refused is bad input (400), under the field it concerns.</summary>
    private static ValidationProblem TermProblem(DomainError refused) => ApiProblems.Validation(new Dictionary<string, string[]>
    {
        [refused.Code == "appointment-starts-later" ? "startsOn" : "endsOn"] = [$"{refused.Title} ({refused.Detail})"],
    });

    private static ProblemHttpResult Overlapping(Guid personId) => ApiProblems.Conflict("appointment-overlaps", "该人员已有有效聘任",
        $"Person '{personId}' already holds an active appointment of this tenant; renew or revoke it instead.");
}

/// <summary>What an appointment's end changes besides the appointment: the person's 特邀信息员 kind in this tenant.</summary>
public static class AppointmentEnding
{
    /// <summary>Removes the kind from the appointing tenant's own person once no other appointment of theirs is active
    /// (cross-tenant appointees have no person row here). Works in the appointment's tenant, also for owner scopes.</summary>
    public static async Task WithdrawKindAsync(PeopleDbContext db, Appointment ended, DateTimeOffset now, CancellationToken ct)
    {
        if (ended.IsCrossTenant) return;
        var person = await db.Persons.IgnoreQueryFilters().FirstOrDefaultAsync(p => p.TenantId == ended.TenantId && p.Id == ended.PersonId, ct);
        if (person is null) return;
        var stillAppointed = await db.Appointments.IgnoreQueryFilters().AnyAsync(a => a.TenantId == ended.TenantId && a.PersonId == ended.PersonId
            && a.Id != ended.Id && a.Status == AppointmentStatus.Active, ct);
        AppointmentKinds.Withdraw(person, stillAppointed, now);
    }
}
