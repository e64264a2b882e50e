using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Quotas;
using SheqingMinyi.Scoring.Rankings;
using SheqingMinyi.Security;

namespace SheqingMinyi.Scoring.Apis;

public sealed record UnitTargetRequest(Guid? UnitId, int? Submitted, int? Adopted);

/// <summary>A change of the quotas: every field left out keeps its value; unitTargets, when sent, replaces the list.</summary>
public sealed record QuotasRequest(int? MemberAdoptedPerYear = null, int? SpecialCommitteeSubmittedPerYear = null, int? WarnFromMonth = null,
    List<UnitTargetRequest>? UnitTargets = null);

/// <summary>The tenant's quotas; its ETag is its version ("0" while the defaults apply), which a change sends as If-Match.</summary>
public sealed record QuotasView(bool IsDefault, QuotaRules Rules, DateTimeOffset? UpdatedAt, string? UpdatedBy) : IVersioned
{
    public uint Version { get; init; }

    public static QuotasView From(QuotaSettings? row) => row is null
        ? new(true, QuotaRules.Default, null, null) { Version = 0 }
        : new(false, row.ToRules(), row.UpdatedAt, row.UpdatedBy) { Version = (uint)row.Version };
}

public sealed record QuotaLineView(string Quota, string Name, int Target, int Done, int Expected, bool Met, bool Behind);
public sealed record PersonQuotaView(Guid PersonId, string? Name, IReadOnlyList<QuotaLineView> Quotas);
public sealed record UnitQuotaView(Guid UnitId, string? Name, string Category, IReadOnlyList<QuotaLineView> Quotas);

/// <summary>完成情况: everyone under a quota in the year; PersonsMet of Persons met all of theirs (Rate = PersonsMet / Persons,
/// over everyone). PersonList and Units are one page of each (page/pageSize, by name then id); UnitsTotal counts the units.</summary>
public sealed record CompletionView(int Year, int Persons, int PersonsMet, decimal Rate, IReadOnlyList<PersonQuotaView> PersonList,
    IReadOnlyList<UnitQuotaView> Units, int Page, int PageSize, int UnitsTotal);

/// <summary>进度预警: at the end of Month, who is behind (Done below the pace Expected) with MonthsLeft months to act.</summary>
public sealed record ForecastView(string Month, int MonthsLeft, IReadOnlyList<PersonQuotaView> PersonsBehind, IReadOnlyList<UnitQuotaView> UnitsBehind);

/// <summary>
/// 任务 (quotas): staff and leaders read the quotas, the year's completion and the month's forecast and run the month's
/// reminders; the tenant admin changes the quotas (as the rules).
/// </summary>
public static class QuotasApi
{
    public const int MaxTarget = 1000, MaxUnitTargets = 2000;

    public static RouteGroupBuilder MapQuotasApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/quotas").WithTags("Quotas");
        group.MapGet("/", GetAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        group.MapPut("/", ChangeAsync).RequireAuthorization(PlatformPolicies.TenantAdmin);
        group.MapGet("/completion", CompletionAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        group.MapGet("/forecast", ForecastAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        group.MapPost("/reminders", RemindAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        return group;
    }

    public static async Task<Ok<QuotasView>> GetAsync(ScoringDbContext db, CancellationToken ct) =>
        TypedResults.Ok(QuotasView.From(await db.QuotaSettings.AsNoTracking().FirstOrDefaultAsync(ct)));

    public static async Task<Results<Ok<QuotasView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(QuotasRequest request, IfMatch ifMatch,
        ScoringDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var row = await db.QuotaSettings.FirstOrDefaultAsync(ct);
        var current = row?.ToRules() ?? QuotaRules.Default;
        var validator = new Validator();
        var rules = await ValidateAsync(request, current, validator, db, ct);
        if (!validator.IsValid) return validator.ToProblem();
        if (row is null)
        {
            if (!ifMatch.HoldsAbsent) return IfMatch.Stale("quotas");
            db.QuotaSettings.Add(row = QuotaSettings.Create(caller.TenantId, rules, clock.GetUtcNow(), caller.Subject));
        }
        else
        {
            if (!ifMatch.Holds(db, row, r => r.Version)) return IfMatch.Stale("quotas");
            row.Change(rules, clock.GetUtcNow(), caller.Subject);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) // another change won the race (the version moved, or a first setting was added meanwhile)
        {
            return IfMatch.Stale("quotas");
        }
        return TypedResults.Ok(QuotasView.From(row));
    }

    public static async Task<Results<Ok<CompletionView>, ValidationProblem>> CompletionAsync(ScoringDbContext db, Caller caller,
        TimeProvider clock, PageRequest page, CancellationToken ct, int? year = null)
    {
        var y = year ?? clock.GetUtcNow().ToOffset(ScoringPeriod.BeijingOffset).Year;
        if (y is < 2000 or > 2999) return new Validator().Check(false, "year", "年份应在 2000 到 2999 之间").ToProblem();
        var standing = await QuotaProgress.StandingAsync(db, caller.TenantId, await QuotaProgress.RulesAsync(db, ct), y, 12, ct);
        var met = standing.Persons.Count(p => p.Quotas.All(q => q.Met));
        var rate = standing.Persons.Count == 0 ? 0 : decimal.Round((decimal)met / standing.Persons.Count, 4);
        var persons = standing.Persons.OrderBy(p => p.Name ?? "\uffff", CompetitionRanks.NameOrder).ThenBy(p => p.PersonId)
            .Skip(page.Skip).Take(page.PageSize).Select(View);
        var units = standing.Units.OrderBy(u => u.Name ?? "\uffff", CompetitionRanks.NameOrder).ThenBy(u => u.UnitId)
            .Skip(page.Skip).Take(page.PageSize).Select(View);
        return TypedResults.Ok(new CompletionView(y, standing.Persons.Count, met, rate, [.. persons], [.. units], page.Page, page.PageSize,
            standing.Units.Count));
    }

    public static async Task<Results<Ok<ForecastView>, ValidationProblem>> ForecastAsync(ScoringDbContext db, Caller caller, TimeProvider clock,
        CancellationToken ct, string? month = null)
    {
        if (!TryMonth(month, clock, out var y, out var m)) return MonthProblem();
        var standing = await QuotaProgress.StandingAsync(db, caller.TenantId, await QuotaProgress.RulesAsync(db, ct), y, m, ct);
        return TypedResults.Ok(new ForecastView($"{y:0000}-{m:00}", 12 - m,
            [.. standing.Persons.Where(p => p.Quotas.Any(q => q.Behind)).Select(View)],
            [.. standing.Units.Where(u => u.Quotas.Any(q => q.Behind)).Select(View)]));
    }

    /// <summary>The month's reminders: each person behind is told once (QuotaReminderDue); a second run publishes nothing new.</summary>
    public static async Task<Results<Ok<ReminderRun>, ValidationProblem>> RemindAsync(QuotaReminders reminders, Caller caller, TimeProvider clock,
        CancellationToken ct, string? month = null)
    {
        if (!TryMonth(month, clock, out var y, out var m)) return MonthProblem();
        return TypedResults.Ok(await reminders.RunAsync(caller.TenantId, y, m, ct));
    }

    private static PersonQuotaView View(PersonQuota p) => new(p.PersonId, p.Name, [.. p.Quotas.Select(View)]);
    private static UnitQuotaView View(UnitQuota u) => new(u.UnitId, u.Name, u.Category, [.. u.Quotas.Select(View)]);
    private static QuotaLineView View(QuotaLine q) => new(q.Quota, q.Name, q.Target, q.Done, q.Expected, q.Met, q.Behind);

    private static bool TryMonth(string? month, TimeProvider clock, out int year, out int m)
    {
        (year, m) = (0, 0);
        var local = clock.GetUtcNow().ToOffset(ScoringPeriod.BeijingOffset);
        month ??= $"{local.Year:0000}-{local.Month:00}";
        if (month.Length != 7 || !ScoringPeriod.TryParse(month, out _)) return false;
        (year, m) = (int.Parse(month[..4], CultureInfo.InvariantCulture), int.Parse(month[5..], CultureInfo.InvariantCulture));
        return true;
    }

    private static ValidationProblem MonthProblem() => new Validator().Check(false, "month", "月份格式应为 yyyy-MM，如 2026-09").ToProblem();

    private static async Task<QuotaRules> ValidateAsync(QuotasRequest r, QuotaRules current, Validator v, ScoringDbContext db, CancellationToken ct)
    {
        int Target(string field, int? value, int now)
        {
            if (value is not { } x) return now;
            v.Check(x is >= 0 and <= MaxTarget, field, $"任务数应在 0（不设任务）到 {MaxTarget} 之间");
            return x;
        }

        if (r.WarnFromMonth is { } warn) v.Check(warn is >= 1 and <= 12, "warnFromMonth", "预警起始月份应在 1 到 12 之间");
        var targets = current.UnitTargets;
        if (r.UnitTargets is { } list)
        {
            v.Check(list.Count <= MaxUnitTargets, "unitTargets", $"单位任务最多 {MaxUnitTargets} 条");
            var seen = new HashSet<Guid>();
            var parsed = new List<UnitTarget>();
            for (var i = 0; i < list.Count && i < MaxUnitTargets; i++)
            {
                var field = $"unitTargets[{i}]";
                if (list[i] is not { UnitId: { } unit } t || unit == Guid.Empty) { v.Add($"{field}.unitId", "必填：单位 ID"); continue; }
                if (!seen.Add(unit)) { v.Add($"{field}.unitId", "同一单位只能设一条任务"); continue; }
                await v.CheckUnitAsync(db, $"{field}.unitId", unit, ct);
                parsed.Add(new UnitTarget(unit, Target($"{field}.submitted", t.Submitted ?? 0, 0), Target($"{field}.adopted", t.Adopted ?? 0, 0)));
            }
            targets = parsed;
        }
        return new QuotaRules
        {
            MemberAdoptedPerYear = Target("memberAdoptedPerYear", r.MemberAdoptedPerYear, current.MemberAdoptedPerYear),
            SpecialCommitteeSubmittedPerYear = Target("specialCommitteeSubmittedPerYear", r.SpecialCommitteeSubmittedPerYear,
                current.SpecialCommitteeSubmittedPerYear),
            WarnFromMonth = r.WarnFromMonth ?? current.WarnFromMonth,
            UnitTargets = targets,
        };
    }
}
