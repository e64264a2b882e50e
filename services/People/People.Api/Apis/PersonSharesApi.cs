using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.People.Apis;

public sealed record SharePersonRequest(string? TenantId);

public sealed record PersonShareView(Guid Id, Guid PersonId, string PersonName, string SharedWithTenantId, bool Active,
    DateTimeOffset SharedAt, DateTimeOffset? WithdrawnAt) : IVersioned
{
    public uint Version { get; init; }

    public static PersonShareView From(PersonShare s) =>
        new(s.Id, s.PersonId, s.PersonName, s.SharedWithTenantId, s.IsActive, s.SharedAt, s.WithdrawnAt) { Version = (uint)s.Version };
}

/// <summary>A person another tenant shared with this one: only their id, the name given and the sharing tenant.</summary>
public sealed record SharedPersonView(Guid ShareId, Guid PersonId, string Name, string SharingTenantId, DateTimeOffset SharedAt);

/// <summary>
/// 人员共享: the consent step of cross-tenant appointments. The person's tenant-admin shares them with another tenant
/// (and may withdraw it); the other tenant lists "persons shared with us" and may appoint them. The sharing tenant
/// sees its own shares, never the other tenant's appointments.
/// </summary>
public static class PersonSharesApi
{
    public static IEndpointRouteBuilder MapPersonSharesApi(this IEndpointRouteBuilder app)
    {
        var shares = app.MapGroup("/persons/{personId:guid}/shares").WithTags("Person shares").RequireAuthorization(PlatformPolicies.TenantAdmin);
        shares.MapGet("/", ListAsync).WithETag(); // under a person: its answer carries a (body) ETag like any resource of one
        shares.MapGet("/{id:guid}", GetAsync).WithETag();
        shares.MapPost("/", ShareAsync).WithETag().WithIdempotency();
        shares.MapPost("/{id:guid}/withdraw", WithdrawAsync).WithIdempotency();
        app.MapGet("/shared-persons", SharedWithUsAsync).WithTags("Person shares").RequireAuthorization(PlatformPolicies.Staff);
        return app;
    }

    public static async Task<Ok<PagedList<PersonShareView>>> ListAsync(Guid personId, PeopleDbContext db, PageRequest page, CancellationToken ct)
    {
        var result = await db.PersonShares.AsNoTracking().Where(s => s.PersonId == personId)
            .OrderByDescending(s => s.SharedAt).ThenBy(s => s.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(PersonShareView.From));
    }

    public static async Task<Results<Ok<PersonShareView>, ProblemHttpResult>> GetAsync(Guid personId, Guid id, PeopleDbContext db, CancellationToken ct) =>
        await db.PersonShares.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.PersonId == personId, ct) is { } share
            ? TypedResults.Ok(PersonShareView.From(share))
            : ApiProblems.NotFound("Person share", id);

    public static async Task<Results<Created<PersonShareView>, ValidationProblem, ProblemHttpResult>> ShareAsync(
        Guid personId, SharePersonRequest request, PeopleDbContext db, Caller caller, KnownTenants tenants, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("tenantId", request.TenantId, 64);
        if (validator.IsValid && request.TenantId == caller.TenantId) validator.Add("tenantId", "不能共享给本单位 (not your own tenant)");
        if (validator.IsValid && !await tenants.IsKnownAsync(request.TenantId!, ct)) validator.Add("tenantId", "单位不存在 (unknown tenant)");
        if (!validator.IsValid) return validator.ToProblem();
        var person = await db.Persons.FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null) return ApiProblems.NotFound("Person", personId);
        if (await db.PersonShares.AnyAsync(s => s.PersonId == personId && s.SharedWithTenantId == request.TenantId && s.WithdrawnAt == null, ct))
            return AlreadyShared(personId, request.TenantId!);
        var outcome = PersonShare.Share(Guid.CreateVersion7(), person, request.TenantId!, clock.GetUtcNow());
        if (outcome is { Error: { } refused }) return ApiProblems.Refused(refused);
        db.PersonShares.Add(outcome.Value!);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            return AlreadyShared(personId, request.TenantId!);
        }
        return TypedResults.Created($"/persons/{personId}/shares/{outcome.Value!.Id}", PersonShareView.From(outcome.Value!));
    }

    /// <summary>Withdraws the share: the other tenant can no longer appoint the person, and its active appointment ends.</summary>
    public static async Task<Results<Ok<PersonShareView>, ProblemHttpResult>> WithdrawAsync(
        Guid personId, Guid id, IfMatch ifMatch, PeopleDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var share = await db.PersonShares.FirstOrDefaultAsync(s => s.Id == id && s.PersonId == personId, ct);
        if (share is null) return ApiProblems.NotFound("Person share", id);
        if (!ifMatch.Holds(db, share, s => s.Version)) return IfMatch.Stale("person share");
        if (share.Withdraw(clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("person share");
        }
        return TypedResults.Ok(PersonShareView.From(share));
    }

    /// <summary>"Persons shared with us": the active shares other tenants gave this one.</summary>
    public static async Task<Ok<PagedList<SharedPersonView>>> SharedWithUsAsync(PeopleDbContext db, PageRequest page, CancellationToken ct) =>
        TypedResults.Ok(await db.ReceivedShares.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.PersonName).ThenBy(s => s.Id)
            .Select(s => new SharedPersonView(s.Id, s.PersonId, s.PersonName, s.SharingTenantId, s.SharedAt)).ToPageAsync(page, ct));

    private static ProblemHttpResult AlreadyShared(Guid personId, string tenantId) => ApiProblems.Conflict("already-shared", "该人员已共享给此单位",
        $"Person '{personId}' is already shared with '{tenantId}'.");
}
