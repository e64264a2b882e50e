using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Ledger;
using SheqingMinyi.Security;

namespace SheqingMinyi.Scoring.Apis;

/// <summary>
/// A new version of the rules: <c>effectiveFrom</c> (a Beijing day, yyyy-MM-dd) is required; every other field left
/// out keeps the current version's value. <c>submittedMonthlyCap</c> 0 removes the cap.
/// </summary>
public sealed record RulesRequest(string? EffectiveFrom, decimal? Submitted = null, decimal? AdoptedOwnBody = null,
    decimal? AdoptedParentBody = null, decimal? AdoptedNational = null, decimal? AdoptedPartyCentre = null,
    decimal? InstructionDistrict = null, decimal? InstructionMunicipal = null, decimal? InstructionProvincial = null,
    decimal? InstructionNational = null, decimal? SolicitationBonus = null, decimal? ExcellentSelection = null,
    decimal? TrainingAttended = null, Dictionary<string, decimal>? TrainingByKind = null, decimal? TrainingPerHour = null,
    decimal? GoldenIdea = null, int? SubmittedMonthlyCap = null, bool? WithdrawnLosesSubmitted = null, bool? RejectedLosesSubmitted = null,
    string? CoAuthorMode = null);

/// <summary>One version of the tenant's 计分标准; its ETag is its version, which a change sends as If-Match.
/// <c>effectiveFrom</c> is null for the default table (in force from the beginning).</summary>
public sealed record RulesView(int RuleVersion, bool IsDefault, string? EffectiveFrom, ScoringRules Rules, DateTimeOffset? CreatedAt,
    string? CreatedBy) : IVersioned
{
    public uint Version { get; init; }

    public static RulesView From(RuleSetVersion? row) => row is null
        ? new(ScoringRules.DefaultVersion, true, null, ScoringRules.Default, null, null) { Version = ScoringRules.DefaultVersion }
        : new(row.Version, false, row.EffectiveFrom.ToOffset(ScoringPeriod.BeijingOffset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            row.ToRules(), row.CreatedAt, row.CreatedBy) { Version = (uint)row.Version };
}

/// <summary>A change's answer: the new version and what its recompute appended and switched.</summary>
public sealed record RuleChangeView(int RuleVersion, bool IsDefault, string? EffectiveFrom, ScoringRules Rules, DateTimeOffset? CreatedAt,
    string? CreatedBy, int Corrections, IReadOnlyList<string> Periods) : IVersioned
{
    public uint Version { get; init; }
}

/// <summary>计分标准: the tenant's versioned rules. Staff and leaders read them; the tenant admin adds a version, which
/// recomputes the periods from its effective day (<see cref="RuleChanges"/>).</summary>
public static class RulesApi
{
    public const decimal MaxPoints = 1000;
    public const int MaxCap = 1000;

    public static RouteGroupBuilder MapRulesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/rules").WithTags("Scoring rules");
        group.MapGet("/", CurrentAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        group.MapGet("/versions", VersionsAsync).RequireAuthorization(PlatformPolicies.Staff);
        group.MapGet("/versions/{version:int}", VersionAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        group.MapPut("/", ChangeAsync).RequireAuthorization(PlatformPolicies.TenantAdmin);
        return group;
    }

    public static async Task<Ok<RulesView>> CurrentAsync(RuleChanges changes, CancellationToken ct) =>
        TypedResults.Ok(RulesView.From(await changes.CurrentAsync(ct)));

    /// <summary>Every version, newest first, the default table last while it is the tenant's version 1.</summary>
    public static async Task<Ok<PagedList<RulesView>>> VersionsAsync(ScoringDbContext db, PageRequest page, CancellationToken ct)
    {
        var rows = await db.RuleSets.AsNoTracking().OrderByDescending(r => r.Version).ToListAsync(ct);
        List<RulesView> all = [.. rows.Select(RulesView.From)];
        if (rows.All(r => r.Version != ScoringRules.DefaultVersion)) all.Add(RulesView.From(null));
        return TypedResults.Ok(new PagedList<RulesView>([.. all.Skip(page.Skip).Take(page.PageSize)], page.Page, page.PageSize, all.Count));
    }

    public static async Task<Results<Ok<RulesView>, ProblemHttpResult>> VersionAsync(int version, ScoringDbContext db, CancellationToken ct)
    {
        var row = await db.RuleSets.AsNoTracking().FirstOrDefaultAsync(r => r.Version == version, ct);
        if (row is not null) return TypedResults.Ok(RulesView.From(row));
        if (version == ScoringRules.DefaultVersion) return TypedResults.Ok(RulesView.From(null));
        return ApiProblems.NotFound("Scoring rules version", version);
    }

    /// <summary>Adds version N+1 (If-Match: version N's ETag) and recomputes from its effective day.</summary>
    public static async Task<Results<Ok<RuleChangeView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        RulesRequest request, IfMatch ifMatch, RuleChanges changes, Caller caller, HttpContext http, CancellationToken ct)
    {
        var current = (await changes.CurrentAsync(ct))?.ToRules() ?? ScoringRules.Default;
        var validator = new Validator();
        var (rules, effectiveFrom) = Validate(request, current, validator);
        if (!validator.IsValid) return validator.ToProblem();

        var result = await changes.ChangeAsync(caller.TenantId, v => ifMatch.Names((uint)v), rules, effectiveFrom, caller.Subject,
            System.Diagnostics.Activity.Current?.TraceId.ToString(), ct);
        if (result is null) return IfMatch.Stale("scoring rules");
        var view = RulesView.From(result.Version);
        return TypedResults.Ok(new RuleChangeView(view.RuleVersion, false, view.EffectiveFrom, view.Rules, view.CreatedAt, view.CreatedBy,
            result.Corrections, result.Periods) { Version = view.Version });
    }

    private static (ScoringRules Rules, DateTimeOffset EffectiveFrom) Validate(RulesRequest r, ScoringRules current, Validator v)
    {
        var effective = DateTimeOffset.MinValue;
        if (string.IsNullOrWhiteSpace(r.EffectiveFrom)) v.Add("effectiveFrom", "必填：生效日期，格式 yyyy-MM-dd");
        else if (!DateOnly.TryParseExact(r.EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                 || day.Year is < 2000 or > 2999)
            v.Add("effectiveFrom", "生效日期格式应为 yyyy-MM-dd（2000–2999 年）");
        else effective = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ScoringPeriod.BeijingOffset).ToUniversalTime();

        decimal Points(string field, decimal? value, decimal now)
        {
            if (value is not { } x) return now;
            v.Check(x >= 0 && x <= MaxPoints && decimal.Round(x, 2) == x, field, $"分值应在 0 到 {MaxPoints} 之间，最多两位小数");
            return x;
        }

        var kinds = current.TrainingByKind;
        if (r.TrainingByKind is { } byKind)
        {
            foreach (var (kind, points) in byKind)
            {
                var field = $"trainingByKind.{kind}";
                v.Check(kind.Length is >= 1 and <= 64 && kind.All(c => c is >= 'a' and <= 'z' or '-'), field, "培训类型应为小写英文和连字符，如 expert-lecture");
                Points(field, points, 0);
            }
            kinds = byKind;
        }
        if (r.SubmittedMonthlyCap is { } cap)
            v.Check(cap is >= 0 and <= MaxCap, "submittedMonthlyCap", $"每月报送计分上限应在 0（不设上限）到 {MaxCap} 之间");
        if (r.CoAuthorMode is { } mode)
            v.Check(mode is ScoringRules.ShareMode or ScoringRules.FullMode, "coAuthorMode", "合作者计分方式应为 share（按份额分享）或 full（每人全额）");

        var rules = new ScoringRules
        {
            Submitted = Points("submitted", r.Submitted, current.Submitted),
            AdoptedOwnBody = Points("adoptedOwnBody", r.AdoptedOwnBody, current.AdoptedOwnBody),
            AdoptedParentBody = Points("adoptedParentBody", r.AdoptedParentBody, current.AdoptedParentBody),
            AdoptedNational = Points("adoptedNational", r.AdoptedNational, current.AdoptedNational),
            AdoptedPartyCentre = Points("adoptedPartyCentre", r.AdoptedPartyCentre, current.AdoptedPartyCentre),
            InstructionDistrict = Points("instructionDistrict", r.InstructionDistrict, current.InstructionDistrict),
            InstructionMunicipal = Points("instructionMunicipal", r.InstructionMunicipal, current.InstructionMunicipal),
            InstructionProvincial = Points("instructionProvincial", r.InstructionProvincial, current.InstructionProvincial),
            InstructionNational = Points("instructionNational", r.InstructionNational, current.InstructionNational),
            SolicitationBonus = Points("solicitationBonus", r.SolicitationBonus, current.SolicitationBonus),
            ExcellentSelection = Points("excellentSelection", r.ExcellentSelection, current.ExcellentSelection),
            TrainingAttended = Points("trainingAttended", r.TrainingAttended, current.TrainingAttended),
            TrainingByKind = new Dictionary<string, decimal>(kinds),
            TrainingPerHour = Points("trainingPerHour", r.TrainingPerHour, current.TrainingPerHour),
            GoldenIdea = Points("goldenIdea", r.GoldenIdea, current.GoldenIdea),
            SubmittedMonthlyCap = r.SubmittedMonthlyCap is { } c ? (c == 0 ? null : c) : current.SubmittedMonthlyCap,
            WithdrawnLosesSubmitted = r.WithdrawnLosesSubmitted ?? current.WithdrawnLosesSubmitted,
            RejectedLosesSubmitted = r.RejectedLosesSubmitted ?? current.RejectedLosesSubmitted,
            CoAuthorMode = r.CoAuthorMode ?? current.CoAuthorMode,
        };
        return (rules, effective);
    }
}
