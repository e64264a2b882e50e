using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Security;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Apis;

/// <summary>An entry as the statement shows it; Label is the reason in words (e.g. 市级领导批示).</summary>
public sealed record LedgerEntryView(Guid Id, Guid PersonId, Guid? UnitId, string Reason, Guid SourceId, decimal Points,
    int RuleVersion, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string? TraceId, string Label = "", decimal UnitPoints = 0,
    Guid? CorrectsId = null);

/// <summary>积分明细: every entry behind a person's points, newest first.</summary>
public static class LedgerApi
{
    public static RouteGroupBuilder MapLedgerApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ledger").WithTags("Ledger").RequireAuthorization(PlatformPolicies.ScoringReader);
        group.MapGet("/", ListAsync);
        return group;
    }

    public static async Task<Ok<PagedList<LedgerEntryView>>> ListAsync(
        ScoringDbContext db, Caller caller, PageRequest page, CancellationToken ct, Guid? personId = null, Guid? sourceId = null)
    {
        var query = db.Ledger.AsNoTracking();
        // A member's statement is their own; staff and partners see the tenant's ledger.
        if (!caller.SeesWholeTenant)
        {
            var self = caller.PersonId ?? Guid.Empty;
            query = query.Where(l => l.PersonId == self);
        }
        if (personId is not null) query = query.Where(l => l.PersonId == personId);
        if (sourceId is not null) query = query.Where(l => l.SourceId == sourceId);
        var result = await query.OrderByDescending(l => l.RecordedAt)
            .Select(l => new LedgerEntryView(l.Id, l.PersonId, l.UnitId, l.Reason, l.SourceId, l.Points, l.RuleVersion, l.OccurredAt, l.RecordedAt,
                l.TraceId, "", l.UnitPoints, l.CorrectsId))
            .ToPageAsync(page, ct);
        return TypedResults.Ok(result.Select(l => l with { Label = ReasonLabels.Of(l.Reason, l.CorrectsId is not null, l.RuleVersion) }));
    }
}
