using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Security;
using SheqingMinyi.TrainingEvents.Data;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Apis;

public sealed record SharedEventView(Guid Id, string OwnerTenantId, string Title, TrainingEventKind Kind, string KindName, TrainingEventStatus Status,
    string StatusName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Place, int? Capacity)
{
    public static SharedEventView From(SharedEventListing l) => new(l.TrainingEventId, l.OwnerTenantId, l.Title, l.Kind, EventLabels.Kind(l.Kind),
        l.Status, EventLabels.Status(l.Status), l.StartsAt, l.EndsAt, l.Place, l.Capacity);
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
        return group;
    }
}
