using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Files;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Security;
using SheqingMinyi.TrainingEvents.CheckIn;
using SheqingMinyi.TrainingEvents.Data;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Apis;

public sealed record SharedEventView(Guid Id, string OwnerTenantId, string Title, TrainingEventKind Kind, string KindName, TrainingEventStatus Status,
    string StatusName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Place, int? Capacity, bool GuestsAdmitted,
    IReadOnlyList<string> GuestPersonKinds, string GuestAudienceName)
{
    public static SharedEventView From(SharedEventListing l) => new(l.TrainingEventId, l.OwnerTenantId, l.Title, l.Kind, EventLabels.Kind(l.Kind),
        l.Status, EventLabels.Status(l.Status), l.StartsAt, l.EndsAt, l.Place, l.Capacity, l.Audience != AudienceScope.Units,
        l.AudiencePersonKinds, GuestAudienceOf(l));

    /// <summary>面向对象 as a guest reads it before registering (the rule of Audiences.RefusesGuest).</summary>
    private static string GuestAudienceOf(SharedEventListing l) => l.Audience switch
    {
        AudienceScope.Units => "仅面向主办方的指定单位，不接受其他单位报名",
        AudienceScope.PersonKinds => $"面向{string.Join("、", l.AudiencePersonKinds.Select(EventLabels.PersonKind))}",
        _ => "面向全体，其他单位人员均可报名",
    };
}

/// <summary>跨租户开放的活动: the events other tenants opened to the platform, as their listings show them (nothing else of them).</summary>
public static class SharedEventsApi
{
    public static RouteGroupBuilder MapSharedEventsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/shared-events").WithTags("Training events").RequireAuthorization(PlatformPolicies.TrainingReader);
        group.MapGet("/", async (TrainingDbContext db, Caller caller, PageRequest page, TimeProvider clock, CancellationToken ct) =>
        {
            var tenant = caller.TenantId;
            var now = clock.GetUtcNow();
            var listings = await db.SharedListings.AsNoTracking().Where(l => l.OwnerTenantId != tenant && l.EndsAt >= now)
                .OrderBy(l => l.StartsAt).ThenBy(l => l.TrainingEventId).ToPageAsync(page, ct);
            return TypedResults.Ok(listings.Select(SharedEventView.From));
        });
        group.MapGet("/{id:guid}", async Task<Results<Ok<SharedEventView>, ProblemHttpResult>> (Guid id, TrainingDbContext db, CancellationToken ct) =>
            await db.SharedListings.AsNoTracking().FirstOrDefaultAsync(l => l.TrainingEventId == id, ct) is { } listing
                ? TypedResults.Ok(SharedEventView.From(listing))
                : ApiProblems.NotFound("Shared event", id)).WithETag();
        group.MapPost("/{id:guid}/registrations", RegisterAsync).RequireAuthorization(PlatformPolicies.TrainingParticipant).WithIdempotency();
        group.MapPost("/{id:guid}/registrations/cancel", CancelAsync).RequireAuthorization(PlatformPolicies.TrainingParticipant).WithIdempotency();
        group.MapPost("/{id:guid}/check-in", CheckInAsync).RequireAuthorization(PlatformPolicies.TrainingParticipant).WithIdempotency();
        group.MapGet("/{id:guid}/materials", ListMaterialsAsync).RequireAuthorization(PlatformPolicies.TrainingParticipant).WithETag();
        group.MapGet("/{id:guid}/materials/{fileId:guid}", DownloadMaterialAsync).RequireAuthorization(PlatformPolicies.TrainingParticipant).WithETag();
        return group;
    }

    /// <summary>跨租户材料: the shared event's file materials, for a guest registered for it; anyone else 404.</summary>
    public static async Task<Results<Ok<IReadOnlyList<MaterialFile>>, ProblemHttpResult>> ListMaterialsAsync(
        Guid id, TrainingDbContext db, Caller caller, GuestRegistrations guests, CancellationToken ct)
    {
        var guest = await GuestOfAsync(db, caller, id, ct);
        if (guest.Problem is { } problem) return problem;
        var found = await guests.MaterialsAsync(guest.Owner!, id, caller.TenantId, caller.PersonId!.Value, null, ct);
        return found is { } materials ? TypedResults.Ok(materials.Materials) : ApiProblems.NotFound("Shared event", id);
    }

    /// <summary>One of the shared event's file materials, for a guest registered for it (audited on the owner's trail);
    /// only a file the event lists, nothing else of the owner's store.</summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadMaterialAsync(Guid id, Guid fileId, TrainingDbContext db,
        Caller caller, GuestRegistrations guests, DiskFileStore store, ILoggerFactory logs, CancellationToken ct)
    {
        var guest = await GuestOfAsync(db, caller, id, ct);
        if (guest.Problem is { } problem) return problem;
        var found = await guests.MaterialsAsync(guest.Owner!, id, caller.TenantId, caller.PersonId!.Value, fileId, ct);
        return found is { File: { } file } ? FileStoreApi.Serve(file, store, logs) : ApiProblems.NotFound("Material", fileId);
    }

    /// <summary>跨租户报名: the signed-in person of another tenant registers themselves (counted against the owner's capacity, waiting beyond it).</summary>
    public static async Task<Results<Created<RegistrationView>, ProblemHttpResult>> RegisterAsync(
        Guid id, TrainingDbContext db, Caller caller, GuestRegistrations guests, TimeProvider clock, CancellationToken ct)
    {
        var guest = await GuestOfAsync(db, caller, id, ct);
        if (guest.Problem is { } problem) return problem;
        // The guest's kinds as their own tenant announced them: this scope is the guest's, so only their tenant's row is seen.
        var kinds = await db.Set<PersonKinds>().AsNoTracking().Where(k => k.PersonId == caller.PersonId).Select(k => k.Kinds).FirstOrDefaultAsync(ct) ?? [];
        var entered = await guests.EnterAsync(guest.Owner!, id, caller.TenantId, caller.PersonId!.Value, kinds, clock.GetUtcNow(), ct);
        if (entered.Value is not { } entry)
            return entered.Error!.Code == "not-found" ? ApiProblems.NotFound("Shared event", id) : ApiProblems.Refused(entered.Error);
        return TypedResults.Created($"/shared-events/{id}/registrations", RegistrationView.From(entry.Registration, entry.WaitingPosition));
    }

    public static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> CancelAsync(
        Guid id, TrainingDbContext db, Caller caller, GuestRegistrations guests, TimeProvider clock, CancellationToken ct)
    {
        var guest = await GuestOfAsync(db, caller, id, ct);
        if (guest.Problem is { } problem) return problem;
        var left = await guests.LeaveAsync(guest.Owner!, id, caller.TenantId, caller.PersonId!.Value, clock.GetUtcNow(), ct);
        if (left.Value is not { } entry)
            return left.Error!.Code == "not-found" ? ApiProblems.NotFound("Registration", id) : ApiProblems.Refused(left.Error);
        return TypedResults.Ok(RegistrationView.From(entry.Registration));
    }

    /// <summary>
    /// 跨租户签到: a confirmed guest scans the owner's code at the door. The token is checked as for the owner's own people
    /// (signed for the owner's tenant, this event, inside the session's window, once); the hours are credited in the
    /// guest's own tenant. The answer shows the guest's own attendance, nothing else of the owner.
    /// </summary>
    public static async Task<Results<Created<AttendanceView>, ValidationProblem, ProblemHttpResult>> CheckInAsync(
        Guid id, CheckInRequest request, TrainingDbContext db, Caller caller, GuestRegistrations guests, CheckInCodes codes, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("token", request.Token, 200);
        if (!validator.IsValid) return validator.ToProblem();
        var guest = await GuestOfAsync(db, caller, id, ct);
        if (guest.Problem is { } problem) return problem;
        var now = clock.GetUtcNow();
        var verified = codes.Verify(guest.Owner!, id, request.Token, now);
        if (verified.Error is { } bad)
            return ApiProblems.Problem(bad.Code == "check-in-token-expired" ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest, bad.Code, bad.Title, bad.Detail);
        var checkedIn = await guests.CheckInAsync(guest.Owner!, id, verified.Value!.SessionId, caller.TenantId, caller.PersonId!.Value, codes, now, ct);
        if (checkedIn.Value is not { } attendance)
            return checkedIn.Error!.Code == "not-found" ? ApiProblems.NotFound("Shared event", id) : ApiProblems.Refused(checkedIn.Error);
        return TypedResults.Created($"/shared-events/{id}/check-in", AttendanceView.From(attendance) with { GuestTenantId = null });
    }

    /// <summary>The owner of a listed event the caller, a person of another tenant, may register for; else why not.</summary>
    private static async Task<(string? Owner, ProblemHttpResult? Problem)> GuestOfAsync(TrainingDbContext db, Caller caller, Guid id, CancellationToken ct)
    {
        if (caller.PersonId is null)
            return (null, ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "只有个人账号可以报名或签到", "Only a person registers or checks in."));
        var owner = await db.SharedListings.AsNoTracking().Where(l => l.TrainingEventId == id).Select(l => l.OwnerTenantId).FirstOrDefaultAsync(ct);
        if (owner is null) return (null, ApiProblems.NotFound("Shared event", id));
        if (owner == caller.TenantId)
            return (null, ApiProblems.Conflict("own-event", "这是本单位的活动，请在活动中直接报名", "Register for your own tenant's event at /events/{id}/registrations."));
        return (owner, null);
    }
}
