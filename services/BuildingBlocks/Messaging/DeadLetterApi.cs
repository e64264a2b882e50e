using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.Security;
using SheqingMinyi.BuildingBlocks.Tenancy;

namespace SheqingMinyi.BuildingBlocks.Messaging;

public sealed record DeadLetterView(Guid Id, Guid EventId, string Type, string Error, int Attempts, DateTimeOffset FailedAt, DateTimeOffset? ReplayedAt);

/// <summary>The tenant's events this service could not apply: list them, and replay one once the cause is fixed.</summary>
public static class DeadLetterApi
{
    public static RouteGroupBuilder MapDeadLetterApi<TContext>(this IEndpointRouteBuilder app) where TContext : DbContext
    {
        var group = app.MapGroup("/admin/dead-letters").WithTags("Dead letters")
            .RequireAuthorization(policy => policy.RequireRole(PlatformRoles.TenantAdmin, PlatformRoles.PlatformOperator));
        group.MapGet("/", async (TContext db, TenantContext tenant, CancellationToken ct) =>
            TypedResults.Ok(await db.Set<DeadLetter>().AsNoTracking()
                .Where(d => d.TenantId == tenant.TenantId)
                .OrderByDescending(d => d.FailedAt).Take(200)
                .Select(d => new DeadLetterView(d.Id, d.EventId, d.Type, d.Error, d.Attempts, d.FailedAt, d.ReplayedAt))
                .ToListAsync(ct)));
        group.MapPost("/{id:guid}/replay", ReplayAsync<TContext>);
        return group;
    }

    private static async Task<Results<Ok<DeadLetterView>, ProblemHttpResult>> ReplayAsync<TContext>(
        Guid id, TContext db, TenantContext tenant, EventProcessor<TContext> processor, CancellationToken ct) where TContext : DbContext
    {
        var letter = await db.Set<DeadLetter>().FirstOrDefaultAsync(d => d.Id == id && d.TenantId == tenant.TenantId, ct);
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
        letter.ReplayedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new DeadLetterView(letter.Id, letter.EventId, letter.Type, letter.Error, letter.Attempts, letter.FailedAt, letter.ReplayedAt));
    }
}
