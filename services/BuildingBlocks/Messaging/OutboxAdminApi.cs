using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Security;

namespace SheqingMinyi.BuildingBlocks.Messaging;

public sealed record RepublishRequest(DateTimeOffset? Since);

public sealed record RepublishResult(int Republished, DateTimeOffset Since);

/// <summary>
/// The platform operator's outbox controls, for every tenant of this service: its status, and republishing from
/// a point in time after Redis lost events. Only the platform operator: one tenant cannot disturb another's flow.
/// </summary>
public static class OutboxAdminApi
{
    public static RouteGroupBuilder MapOutboxAdminApi<TContext>(this IEndpointRouteBuilder app) where TContext : DbContext
    {
        var group = app.MapGroup("/admin/outbox").WithTags("Outbox")
            .RequireAuthorization(policy => policy.RequireRole(PlatformRoles.PlatformOperator));
        group.MapGet("/", async (NpgsqlDataSource dataSource, CancellationToken ct) =>
            TypedResults.Ok(await OutboxRepublisher.StatusAsync(dataSource, ct)));
        group.MapPost("/republish", RepublishAsync<TContext>);
        return group;
    }

    private static async Task<Results<Ok<RepublishResult>, ValidationProblem>> RepublishAsync<TContext>(
        RepublishRequest request, NpgsqlDataSource dataSource, TContext db, Caller caller,
        IOptions<RetentionOptions> retention, TimeProvider clock, CancellationToken ct) where TContext : DbContext
    {
        var now = clock.GetUtcNow();
        // Older than the inbox keeps its rows, a republished event could be applied a second time.
        var earliest = now - retention.Value.Inbox;
        var validator = new Validator()
            .Check(request.Since is not null, "since", "必填: 从何时起重新发布 (an ISO 8601 time)")
            .Check(request.Since is null || request.Since <= now, "since", "不能晚于当前时间 (must not be in the future)")
            .Check(request.Since is null || request.Since >= earliest, "since",
                $"不能早于收件箱保留期 {earliest:O} (older events could be applied twice: the inbox keeps {retention.Value.Inbox.TotalDays:0} days)");
        if (!validator.IsValid) return validator.ToProblem();

        var count = await OutboxRepublisher.RepublishSinceAsync(dataSource, request.Since!.Value, ct);
        db.AddAudit(caller.TenantId, caller.Subject, AuditActions.OutboxRepublished,
            $"outbox since {request.Since:O}", $"{count} events queued again");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RepublishResult(count, request.Since.Value));
    }
}
