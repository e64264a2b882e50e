using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.Security;
using SheqingMinyi.BuildingBlocks.Tenancy;

namespace SheqingMinyi.BuildingBlocks.Messaging;

public sealed record DeadLetterView(Guid Id, Guid EventId, string TenantId, string Type, string Error, int Attempts, DateTimeOffset FailedAt, DateTimeOffset? ReplayedAt)
{
    /// <summary>The platform operator reads the whole error with its stack; a tenant admin the exception type and its
    /// message only (the first line): a stack tells how the service is built, which is none of a tenant's business.</summary>
    public static DeadLetterView From(DeadLetter d, Caller caller) => new(d.Id, d.EventId, d.TenantId, d.Type,
        caller.IsInRole(PlatformRoles.PlatformOperator) ? d.Error : ShortError(d.Error), d.Attempts, d.FailedAt, d.ReplayedAt);

    public static string ShortError(string error)
    {
        var firstLine = error.Split('\n', 2)[0].TrimEnd('\r');
        return firstLine.Length > 500 ? firstLine[..500] : firstLine;
    }
}

/// <summary>
/// The events this service could not apply: a tenant admin sees and replays the tenant's own; the platform
/// operator sees every tenant's, and the unreadable entries that belong to no tenant.
/// </summary>
public static class DeadLetterApi
{
    public static RouteGroupBuilder MapDeadLetterApi<TContext>(this IEndpointRouteBuilder app) where TContext : DbContext
    {
        var group = app.MapGroup("/admin/dead-letters").WithTags("Dead letters")
            .RequireAuthorization(policy => policy.RequireRole(PlatformRoles.TenantAdmin, PlatformRoles.PlatformOperator));
        group.MapGet("/", async (TContext db, TenantContext tenant, Caller caller, PageRequest page, CancellationToken ct) =>
        {
            var letters = await Visible(db, tenant, caller).AsNoTracking().OrderByDescending(d => d.FailedAt).ThenBy(d => d.Id)
                .ToPageAsync(page, ct);
            return TypedResults.Ok(new PagedList<DeadLetterView>([.. letters.Items.Select(d => DeadLetterView.From(d, caller))], letters.Page, letters.PageSize, letters.Total));
        });
        group.MapPost("/{id:guid}/replay", ReplayAsync<TContext>);
        return group;
    }

    private static async Task<Results<Ok<DeadLetterView>, ProblemHttpResult>> ReplayAsync<TContext>(
        Guid id, TContext db, TenantContext tenant, Caller caller, EventProcessor<TContext> processor, TimeProvider clock, CancellationToken ct) where TContext : DbContext
    {
        var letter = await Visible(db, tenant, caller).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (letter is null) return ApiProblems.NotFound("Dead letter", id);
        if (letter.ReplayedAt is not null)
            return ApiProblems.Conflict("already-replayed", "已重放", "This dead letter was already replayed.");
        try
        {
            await processor.ProcessAsync(new EventEnvelope(letter.EventId, letter.TenantId, letter.Type, letter.Payload,
                letter.TraceParent, null, letter.FailedAt), ct);
        }
        catch (Exception ex)
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "replay-failed", "重放失败", ex.Message);
        }
        letter.ReplayedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(DeadLetterView.From(letter, caller));
    }

    /// <summary>The operator reads as the tables' owner (every tenant); a tenant admin under row security, own tenant only.
    /// The tenant context is taken only to switch the scope to the owner: who calls comes from the caller.</summary>
    private static IQueryable<DeadLetter> Visible<TContext>(TContext db, TenantContext tenant, Caller caller) where TContext : DbContext
    {
        if (!caller.IsInRole(PlatformRoles.PlatformOperator))
        {
            var own = caller.TenantId;
            return db.Set<DeadLetter>().Where(d => d.TenantId == own);
        }
        tenant.RunAsOwner();
        return db.Set<DeadLetter>().IgnoreQueryFilters();
    }
}
