using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Security;
using SheqingMinyi.TrainingEvents.Data;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Apis;

/// <summary>A calendar entry: an event (or another tenant's shared one, OwnerTenantId set) on the days it runs (Beijing days).</summary>
public sealed record CalendarEntry(Guid Id, string Title, TrainingEventKind Kind, string KindName, TrainingEventStatus Status, string StatusName,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<DateOnly> Days, string? Place, AudienceScope? Audience, string? OwnerTenantId);

public sealed record CalendarMonth(string Month, IReadOnlyList<CalendarEntry> Entries);

/// <summary>活动日历: a month of the tenant's events, filterable by kind, unit (organiser, co-organiser or audience) and audience;
/// with includeShared, other tenants' events opened to this one.</summary>
public static class CalendarApi
{
    public static RouteGroupBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/calendar").WithTags("Training events").RequireAuthorization(PlatformPolicies.TrainingReader);
        group.MapGet("/", MonthAsync);
        return group;
    }

    public static async Task<Results<Ok<CalendarMonth>, ValidationProblem>> MonthAsync(
        TrainingDbContext db, Caller caller, CancellationToken ct, string? month = null, string? kind = null, Guid? unitId = null,
        string? audience = null, bool includeShared = false)
    {
        var validator = new Validator()
            .Check(month is not null && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "month", "必填，格式 yyyy-MM (required, e.g. 2026-12)")
            .Check(ApiEnums.TryParse<TrainingEventKind>(kind, out var wantedKind), "kind", $"可选: {ApiEnums.Allowed<TrainingEventKind>()}")
            .Check(ApiEnums.TryParse<AudienceScope>(audience, out var wantedAudience), "audience", $"可选: {ApiEnums.Allowed<AudienceScope>()}");
        if (!validator.IsValid) return validator.ToProblem();
        var first = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), BodyCalendar.Offset).ToUniversalTime();
        var to = new DateTimeOffset(first.AddMonths(1).ToDateTime(TimeOnly.MinValue), BodyCalendar.Offset).ToUniversalTime();
        var query = db.Events.AsNoTracking().Where(t => t.StartsAt < to && t.EndsAt >= from);
        if (wantedKind is { } k) query = query.Where(t => t.Kind == k);
        if (wantedAudience is { } a) query = query.Where(t => t.Audience == a);
        var events = await query.OrderBy(t => t.StartsAt).ThenBy(t => t.Id).ToListAsync(ct);
        // A month of one tenant's events is small: the unit lists are matched here rather than in jsonb.
        if (unitId is { } unit)
            events = [.. events.Where(t => t.OrganiserUnitId == unit || t.CoOrganiserUnitIds.Contains(unit) || t.AudienceUnitIds.Contains(unit))];
        var entries = events.Select(t => new CalendarEntry(t.Id, t.Title, t.Kind, EventLabels.Kind(t.Kind), t.Status, EventLabels.Status(t.Status),
            t.StartsAt, t.EndsAt, Days(t.StartsAt, t.EndsAt, first), t.Place, t.Audience, null)).ToList();
        if (includeShared && unitId is null && wantedAudience is null)
        {
            var tenant = caller.TenantId;
            var shared = db.SharedListings.AsNoTracking().Where(l => l.OwnerTenantId != tenant && l.StartsAt < to && l.EndsAt >= from);
            if (wantedKind is { } sk) shared = shared.Where(l => l.Kind == sk);
            entries.AddRange((await shared.ToListAsync(ct)).Select(l => new CalendarEntry(l.TrainingEventId, l.Title, l.Kind, EventLabels.Kind(l.Kind),
                l.Status, EventLabels.Status(l.Status), l.StartsAt, l.EndsAt, Days(l.StartsAt, l.EndsAt, first), l.Place, null, l.OwnerTenantId)));
        }
        return TypedResults.Ok(new CalendarMonth(first.ToString("yyyy-MM", CultureInfo.InvariantCulture), [.. entries.OrderBy(e => e.StartsAt).ThenBy(e => e.Id)]));
    }

    /// <summary>The Beijing days of the month the event runs on.</summary>
    private static List<DateOnly> Days(DateTimeOffset startsAt, DateTimeOffset endsAt, DateOnly first)
    {
        var last = first.AddMonths(1).AddDays(-1);
        var day = BodyCalendar.Today(startsAt);
        var end = BodyCalendar.Today(endsAt);
        var days = new List<DateOnly>();
        for (; day <= end; day = day.AddDays(1))
            if (day >= first && day <= last) days.Add(day);
        return days;
    }
}
