using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;

namespace SheqingMinyi.Review.Jobs;

/// <summary>Configuration section "Handling".</summary>
public sealed class HandlingOptions
{
    public const string Section = "Handling";
    /// <summary>How often supervision looks for handlings near or past their deadline.</summary>
    public TimeSpan SupervisionInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How many days before the deadline the first reminder goes out.</summary>
    public int RemindDaysBefore { get; set; } = 3;
    /// <summary>Handlings noticed per transaction.</summary>
    public int BatchSize { get; set; } = 100;
}

/// <summary>
/// 督办: for every tenant's open handling (no reply yet) raises HandlingReminderDue "before" once the deadline is
/// <see cref="HandlingOptions.RemindDaysBefore"/> days away or less, "due" on the deadline day, and HandlingOverdue the
/// day after (China dates). Each notice is a row keyed by handling, kind and deadline, written with its event in one
/// transaction; rows are taken FOR UPDATE SKIP LOCKED and only those without the notice they need now, so across passes,
/// restarts and replicas each is raised once (an extension's new deadline gets its own). A notice whose day passed
/// while nobody ran (a "before" found on the deadline day) is not raised late.
/// </summary>
public sealed class HandlingSupervision(IServiceScopeFactory scopes, TimeProvider clock, IOptions<HandlingOptions> options,
    ILogger<HandlingSupervision> logger) : PeriodicWorker(logger, clock)
{
    protected override TimeSpan Interval => options.Value.SupervisionInterval;
    protected override string JobName => "Handling supervision";

    protected override async Task RunPassAsync(CancellationToken ct)
    {
        var raised = await RunOnceAsync(ct);
        if (raised > 0) Logger.LogInformation("Handling supervision: {Count} notices raised", raised);
    }

    /// <summary>Raises what is due now, batch by batch; returns how many notices it raised.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var total = 0;
        while (await RunBatchAsync(ct) is var raised and > 0) total += raised;
        return total;
    }

    /// <summary>The notice a handling with <paramref name="deadline"/> needs on <paramref name="today"/>.</summary>
    public static string KindOn(DateOnly deadline, DateOnly today) =>
        deadline < today ? HandlingNotice.Overdue : deadline == today ? HandlingNotice.Due : HandlingNotice.Before;

    private async Task<int> RunBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsOwner(); // every tenant's handlings
        var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
        var now = Clock.GetUtcNow();
        var today = BodyCalendar.Today(now);
        var horizon = today.AddDays(options.Value.RemindDaysBefore);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var due = await db.Handlings.FromSql($"""
                SELECT h.*, h.xmin FROM handlings h
                WHERE h.status IN ('Assigned', 'Accepted', 'InProgress') AND h.deadline <= {horizon}
                  AND NOT EXISTS (SELECT 1 FROM handling_notices n WHERE n.handling_id = h.id AND n.deadline = h.deadline
                    AND n.kind = CASE WHEN h.deadline < {today} THEN 'overdue' WHEN h.deadline = {today} THEN 'due' ELSE 'before' END)
                ORDER BY h.deadline LIMIT {options.Value.BatchSize} FOR UPDATE SKIP LOCKED
                """).IgnoreQueryFilters().AsNoTracking().ToListAsync(ct);
            foreach (var h in due)
            {
                var kind = KindOn(h.Deadline, today);
                db.HandlingNotices.Add(new HandlingNotice { TenantId = h.TenantId, HandlingId = h.Id, Kind = kind, Deadline = h.Deadline, RaisedAt = now });
                db.AddEvent(h.TenantId, kind == HandlingNotice.Overdue
                    ? new HandlingOverdue(h.Id, h.SubmissionId, h.Deadline, h.Lead, h.SupervisorPersonId, h.Authors, now, h.CoDepartmentIds, h.Restricted)
                    : (object)new HandlingReminderDue(h.Id, h.SubmissionId, kind, h.Deadline, h.Lead, h.SupervisorPersonId, h.Authors, now,
                        h.CoDepartmentIds, h.Restricted),
                    kind == HandlingNotice.Overdue ? typeof(HandlingOverdue) : typeof(HandlingReminderDue));
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return due.Count;
        });
    }
}

public static class HandlingSupervisionRegistration
{
    public static IHostApplicationBuilder AddHandlingSupervision(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HandlingOptions>().BindConfiguration(HandlingOptions.Section)
            .Validate(o => o.SupervisionInterval > TimeSpan.Zero && o.RemindDaysBefore >= 0 && o.BatchSize > 0,
                $"{HandlingOptions.Section}: SupervisionInterval and BatchSize must be positive, RemindDaysBefore at least 0.")
            .ValidateOnStart();
        builder.Services.AddSingleton<HandlingSupervision>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HandlingSupervision>());
        return builder;
    }
}
