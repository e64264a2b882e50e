using SheqingMinyi.BuildingBlocks.Calendar;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Apis;

/// <summary>Registering a person (and their first membership), and the checks registration and PUT share.</summary>
public static class PersonRegistration
{
    public const string DefaultUnitRole = "成员";

    /// <summary>Name, roles, kinds and main unit as register and PUT take them.</summary>
    public static async Task<Validator> ValidatePersonAsync(Validator validator, string? name, IReadOnlyList<string>? roles,
        IReadOnlyList<string>? kinds, Guid? unitId, PeopleDbContext db, CancellationToken ct)
    {
        validator.Required("name", name, Person.NameMaxLength)
            .Check((roles ?? []).All(Person.KnownRoles.Contains), "roles", $"可选角色: {string.Join(", ", Person.KnownRoles)}")
            .Check((kinds ?? []).All(PersonKinds.IsKnown), "kinds",
                "可选类别: " + string.Join(", ", PersonKinds.Names.Select(k => $"{k.Value} ({k.Key})")));
        if (unitId is { } id && !await db.Units.AnyAsync(u => u.Id == id, ct))
            validator.Add("unitId", "单位不存在 (unknown unit)");
        return validator;
    }

    public static Task<Validator> ValidateAsync(RegisterPersonRequest request, PeopleDbContext db, CancellationToken ct) =>
        ValidatePersonAsync(new Validator().Optional("unitRole", request.UnitRole, Membership.RoleMaxLength),
            request.Name, request.Roles, request.Kinds, request.UnitId, db, ct);

    /// <summary>The person (tracked, not saved) and, with a unit, their membership there from today.</summary>
    public static async Task<Outcome<Person>> RegisterAsync(RegisterPersonRequest request, PeopleDbContext db, string tenantId,
        DateTimeOffset now, CancellationToken ct)
    {
        var roles = request.Roles ?? [];
        var kinds = request.Kinds is { Count: > 0 } given ? given : null;
        var person = Person.Register(Guid.CreateVersion7(), tenantId, request.Name!, request.UnitId, roles, now, kinds);
        if (request.UnitId is { } unitId)
        {
            var unit = await db.Units.FirstAsync(u => u.Id == unitId, ct);
            var role = string.IsNullOrWhiteSpace(request.UnitRole) ? DefaultUnitRole : request.UnitRole;
            var membership = Membership.Begin(Guid.CreateVersion7(), person, unit, role, BodyCalendar.Today(now), null, []);
            if (membership.Error is { } refused) return refused;
            db.Memberships.Add(membership.Value!);
        }
        db.Persons.Add(person);
        return person;
    }
}
