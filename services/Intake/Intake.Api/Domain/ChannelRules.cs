using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Apis;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Security;

namespace SheqingMinyi.Intake.Domain;

/// <summary>The provenance a new draft gets, or why not: field errors (in the validator) or a caller who may not use
/// the channel (<see cref="Forbidden"/>, 403).</summary>
public sealed record ChannelChoice(Provenance? Provenance, ProblemHttpResult? Forbidden = null);

/// <summary>
/// The provenance a new draft gets from its request and caller. A person's items default to portal, a partner
/// system's to partner (reporting-point when it names a reporting point); whatever the channel, a partner's client
/// id is kept. Fields of another channel than the one chosen are refused rather than dropped. The clue channel comes
/// only from converting a clue, never from a create.
/// </summary>
public static class ChannelRules
{
    public const string ReportingPointCategory = "reporting-point";

    public static async Task<ChannelChoice> ForCreateAsync(Validator validator, CreateSubmissionRequest request, Caller caller,
        IntakeDbContext db, CancellationToken ct)
    {
        if (!ApiEnums.TryParse<SubmissionChannel>(request.Channel, out var parsed))
        {
            validator.Add("channel", $"可选: {ApiEnums.Allowed<SubmissionChannel>()}");
            return new(null);
        }
        var channel = parsed ?? (request.ReportingPointId is not null ? SubmissionChannel.ReportingPoint
            : caller.IsPartner ? SubmissionChannel.Partner : SubmissionChannel.Portal);
        var partner = caller.IsPartner ? caller.Subject : null;
        if (channel != SubmissionChannel.ReportingPoint && request.ReportingPointId is not null)
            validator.Add("reportingPointId", "只用于报送点渠道 (reporting-point)");
        if (channel != SubmissionChannel.DutyActivity && request.ActivityKind is not null)
            validator.Add("activityKind", "只用于履职活动转化渠道 (duty-activity)");
        if (channel != SubmissionChannel.DutyActivity && request.ActivityReference is not null)
            validator.Add("activityReference", "只用于履职活动转化渠道 (duty-activity)");

        switch (channel)
        {
            case SubmissionChannel.Portal when !caller.IsPartner:
                return new(Provenance.Portal);
            case SubmissionChannel.Partner when caller.IsPartner:
                return new(new Provenance(SubmissionChannel.Partner, PartnerClientId: partner));
            case SubmissionChannel.Clue:
                validator.Add("channel", "线索渠道的稿件只能由线索转化产生 (clue: convert a clue instead)");
                return new(null);
            case SubmissionChannel.Forwarded:
                validator.Add("channel", "下级转报的稿件只能由下级单位转报产生 (forwarded: only a child body's forwarding creates one)");
                return new(null);
            case SubmissionChannel.ChairDirect:
                var chair = await db.ChairChannels.AsNoTracking().FirstOrDefaultAsync(ct);
                if (chair is not { ChairPersonIds.Count: > 0 })
                {
                    validator.Add("channel", "本单位尚未设置主席直通车的主席 (chair-direct: no chair named in /settings/chair-channel)");
                    return new(null);
                }
                return new(new Provenance(SubmissionChannel.ChairDirect, PartnerClientId: partner));
            case SubmissionChannel.ReportingPoint:
                return await ReportingPointAsync(validator, request.ReportingPointId, caller, partner, db, ct);
            case SubmissionChannel.DutyActivity:
                validator.Required("activityReference", request.ActivityReference, Provenance.ActivityReferenceMaxLength);
                if (!ApiEnums.TryParse<DutyActivityKind>(request.ActivityKind, out var kind) || kind is null)
                {
                    validator.Add("activityKind", $"必填，可选: {ApiEnums.Allowed<DutyActivityKind>()}");
                    return new(null);
                }
                return new(new Provenance(SubmissionChannel.DutyActivity, PartnerClientId: partner, ActivityKind: kind,
                    ActivityReference: request.ActivityReference?.Trim()));
            default:
                validator.Add("channel", $"不能以此渠道新建稿件: {ApiEnums.Name(channel)}");
                return new(null);
        }
    }

    /// <summary>An announced, open unit of the reporting-point category; used by staff, partners, and the point's own officers.</summary>
    private static async Task<ChannelChoice> ReportingPointAsync(Validator validator, Guid? pointId, Caller caller, string? partner,
        IntakeDbContext db, CancellationToken ct)
    {
        if (pointId is not { } id || id == Guid.Empty)
        {
            validator.Add("reportingPointId", "必填 (required)");
            return new(null);
        }
        var point = await db.Set<DirectoryUnit>().AsNoTracking().FirstOrDefaultAsync(u => u.UnitId == id, ct);
        if (point is not { Version: > 0 } || point.Category != ReportingPointCategory)
        {
            validator.Add("reportingPointId", "本单位没有这个报送点 (unknown reporting point)");
            return new(null);
        }
        if (!point.IsOpen)
        {
            validator.Add("reportingPointId", $"报送点“{point.Name}”已撤销 (closed reporting point)");
            return new(null);
        }
        var staff = caller.SeesWholeTenant && !caller.IsPartner;
        if (!staff && !caller.IsPartner && !await IsOfficerOfAsync(db, caller, id, ct))
            return new(null, ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-of-reporting-point", "只有该报送点的信息员可以以报送点名义报送",
                $"Only staff, partner systems and officers of reporting point '{id}' may submit for it."));
        return new(new Provenance(SubmissionChannel.ReportingPoint, PartnerClientId: partner, ReportingPointId: id));
    }

    /// <summary>An officer whose unit, as the people service announced it, is the reporting point.</summary>
    private static async Task<bool> IsOfficerOfAsync(IntakeDbContext db, Caller caller, Guid pointId, CancellationToken ct) =>
        caller.IsInRole(PlatformRoles.Officer) && caller.PersonId is { } self
        && await db.Set<DirectoryPerson>().AsNoTracking().AnyAsync(p => p.PersonId == self && p.UnitId == pointId && p.DeactivatedAt == null, ct);
}
