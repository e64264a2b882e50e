using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.People.Apis;

/// <summary>The whole profile; PUT replaces it (an absent or empty field clears it), so read the full values first.</summary>
public sealed record ProfileRequest(string? Gender, string? Title, IReadOnlyList<string>? ExpertiseTags, string? Phone, string? IdNumber);

/// <summary>The full personal data of one person: answered only to <see cref="PlatformPolicies.PersonalData"/>, audited.</summary>
public sealed record PersonalDataView(Guid Id, string Name, string? Phone, string? IdNumber) : IVersioned
{
    public uint Version { get; init; }
}

public static class PeopleAuditActions
{
    /// <summary>A read of full personal data; the outcome names the fields answered.</summary>
    public const string PersonalDataRead = "personal-data-read";
    /// <summary>A change of a profile; the outcome names the fields changed (never their values).</summary>
    public const string ProfileChanged = "profile-changed";
}

/// <summary>个人信息: the full phone and ID number (audited), and the profile's changes.</summary>
public static class PersonProfileApi
{
    public static RouteGroupBuilder MapPersonProfileApi(this IEndpointRouteBuilder app)
    {
        // Only those whose work needs the full values (the tenant's admin and the office director) read or write them.
        var group = app.MapGroup("/persons").WithTags("Persons").RequireAuthorization(PlatformPolicies.PersonalData);
        group.MapGet("/{id:guid}/personal-data", ReadPersonalDataAsync).WithETag();
        group.MapPut("/{id:guid}/profile", ChangeProfileAsync);
        return group;
    }

    public static async Task<Results<Ok<PersonalDataView>, ProblemHttpResult>> ReadPersonalDataAsync(
        Guid id, PeopleDbContext db, Caller caller, HttpResponse response, CancellationToken ct)
    {
        var person = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null) return ApiProblems.NotFound("Person", id);
        string[] fields = [.. new[] { (PersonalData.Phone, person.Phone), (PersonalData.IdNumber, person.IdNumber) }
            .Where(f => f.Item2 is not null).Select(f => f.Item1)];
        // Committed before the answer leaves: no full value is ever answered without its audit row.
        db.AddAudit(caller.TenantId, caller.Subject, PeopleAuditActions.PersonalDataRead, $"person/{id}",
            fields.Length == 0 ? "fields: (none)" : $"fields: {string.Join(",", fields)}");
        await db.SaveChangesAsync(ct);
        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new PersonalDataView(person.Id, person.Name, person.Phone, person.IdNumber) { Version = (uint)person.Version });
    }

    public static async Task<Results<Ok<PersonView>, ValidationProblem, ProblemHttpResult>> ChangeProfileAsync(
        Guid id, ProfileRequest request, IfMatch ifMatch, PeopleDbContext db, Caller caller, CancellationToken ct)
    {
        var validator = new Validator();
        foreach (var (field, message) in ProfileRules.Violations(request.Gender, request.Title, request.ExpertiseTags, request.Phone, request.IdNumber))
            validator.Add(field, message);
        if (!validator.IsValid) return validator.ToProblem();

        var person = await db.Persons.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null) return ApiProblems.NotFound("Person", id);
        if (!ifMatch.Holds(db, person, p => p.Version)) return IfMatch.Stale("person");
        if (person.SetProfile(request.Gender, request.Title, request.ExpertiseTags, request.Phone, request.IdNumber))
        {
            var changed = db.Entry(person).Properties.Where(p => p.IsModified && p.Metadata.Name != nameof(Person.Version))
                .Select(p => p.Metadata.Name).ToList();
            db.AddAudit(caller.TenantId, caller.Subject, PeopleAuditActions.ProfileChanged, $"person/{id}", $"fields: {string.Join(",", changed)}");
        }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return IfMatch.Stale("person"); }
        return TypedResults.Ok(PersonView.From(person));
    }
}
