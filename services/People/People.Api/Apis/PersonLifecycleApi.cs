using SheqingMinyi.BuildingBlocks.Calendar;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.Security;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Apis;

/// <summary>The whole person as PUT sets it; kinds left out default to those the roles imply.</summary>
public sealed record UpdatePersonRequest(string? Name, Guid? UnitId, IReadOnlyList<string>? Roles, IReadOnlyList<string>? Kinds);
public sealed record DeactivatePersonRequest(string? Reason);

/// <summary>A person's life in the registry after registration: update and leave (停用). Tenant admin only.</summary>
public static class PersonLifecycleApi
{
    public const int ReasonMaxLength = 200;

    public static RouteGroupBuilder MapPersonLifecycleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/persons").WithTags("Persons").RequireAuthorization(PlatformPolicies.TenantAdmin);
        group.MapPut("/{id:guid}", UpdateAsync);
        group.MapPost("/{id:guid}/deactivate", DeactivateAsync).WithIdempotency();
        return group;
    }

    public static async Task<Results<Ok<PersonView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdatePersonRequest request, IfMatch ifMatch, PeopleDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = await PersonRegistration.ValidatePersonAsync(new Validator(), request.Name, request.Roles, request.Kinds, request.UnitId, db, ct);
        if (!validator.IsValid) return validator.ToProblem();
        var person = await db.Persons.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null) return ApiProblems.NotFound("Person", id);
        if (!ifMatch.Holds(db, person, p => p.Version)) return IfMatch.Stale("person");
        // A closed unit can no longer become anyone's main unit (keeping the one they have is fine).
        if (request.UnitId is { } unitId && unitId != person.UnitId
            && (await db.Units.FirstAsync(u => u.Id == unitId, ct)).CanTakeMembers() is { Error: { } closed })
            return ApiProblems.Refused(closed);
        var roles = request.Roles ?? [];
        var kinds = request.Kinds is { Count: > 0 } given ? given : Person.KindsFromRoles(roles);
        if (person.Update(request.Name!, request.UnitId, roles, kinds, clock.GetUtcNow()) is { Error: { } refused })
            return ApiProblems.Refused(refused);
        if (await RegistrySaving.SaveAsync(db, "person", ct) is { } problem) return problem;
        return TypedResults.Ok(PersonView.From(person));
    }

    /// <summary>The person leaves the body: PersonDeactivated; their current memberships end that day (rows stay) and this
    /// tenant's active appointments of them are revoked.</summary>
    public static async Task<Results<Ok<PersonView>, ValidationProblem, ProblemHttpResult>> DeactivateAsync(
        Guid id, DeactivatePersonRequest request, IfMatch ifMatch, PeopleDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("reason", request.Reason, ReasonMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var person = await db.Persons.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null) return ApiProblems.NotFound("Person", id);
        if (!ifMatch.Holds(db, person, p => p.Version)) return IfMatch.Stale("person");
        var now = clock.GetUtcNow();
        if (person.Deactivate(request.Reason!.Trim(), now) is { Error: { } refused }) return ApiProblems.Refused(refused);
        var today = BodyCalendar.Today(now);
        foreach (var membership in await db.Memberships.Where(m => m.PersonId == id && (m.EndsOn == null || m.EndsOn > today)).ToListAsync(ct))
            membership.EndOnLeaving(today);
        // Whoever leaves the body is no longer its special officer: this tenant's active appointments end today
        // (AppointmentEnded, so identity withdraws the officer role).
        foreach (var appointment in await db.Appointments.Where(a => a.PersonId == id && a.Status == AppointmentStatus.Active).ToListAsync(ct))
            appointment.Revoke("人员停用", today);
        if (await RegistrySaving.SaveAsync(db, "person", ct) is { } problem) return problem;
        return TypedResults.Ok(PersonView.From(person));
    }
}
