using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Maintenance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.People.Apis;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Jobs;

/// <summary>Configuration section "Appointments".</summary>
public sealed class AppointmentOptions
{
    public const string Section = "Appointments";
    /// <summary>How often the expiry job looks for terms that ended.</summary>
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Appointments ended per transaction.</summary>
    public int ExpiryBatchSize { get; set; } = 100;
}

/// <summary>
/// Ends every active appointment whose last day has passed (Beijing date from the <see cref="TimeProvider"/>), in all
/// tenants: status expired and AppointmentEnded (reason "expired"), which takes the officer role away in identity.
/// Safe under replicas: each batch locks its rows FOR UPDATE SKIP LOCKED, and a row another replica ended is no longer
/// active when read, so every appointment is ended, and announced, once.
/// </summary>
public sealed class AppointmentExpiry(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AppointmentOptions> options,
    ILogger<AppointmentExpiry> logger) : PeriodicWorker(logger, clock)
{
    protected override TimeSpan Interval => options.Value.ExpiryInterval;
    protected override string JobName => "Appointment expiry";

    protected override async Task RunPassAsync(CancellationToken ct)
    {
        var ended = await RunOnceAsync(ct);
        if (ended > 0) Logger.LogInformation("Appointment expiry: {Count} appointments ended", ended);
    }

    /// <summary>Ends what is due now, batch by batch; returns how many appointments it ended.</summary>
    public Task<int> RunOnceAsync(CancellationToken ct) => OwnerBatches.RunAsync<PeopleDbContext>(scopes, async (db, token) =>
    {
        var now = Clock.GetUtcNow();
        var today = BodyCalendar.Today(now);
        var due = await db.Appointments
            .FromSql($"SELECT * FROM appointments WHERE status = 'Active' AND ends_on < {today} ORDER BY ends_on LIMIT {options.Value.ExpiryBatchSize} FOR UPDATE SKIP LOCKED")
            .IgnoreQueryFilters().ToListAsync(token);
        foreach (var appointment in due)
        {
            appointment.Expire(today);
            await AppointmentEnding.WithdrawKindAsync(db, appointment, now, token);
        }
        return due.Count;
    }, ct);
}

public static class AppointmentRegistration
{
    /// <summary>The appointments' expiry job, its options and the consumer that delivers shares to the tenant they name.</summary>
    public static IHostApplicationBuilder AddAppointments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AppointmentOptions>().BindConfiguration(AppointmentOptions.Section)
            .Validate(o => o.ExpiryInterval > TimeSpan.Zero && o.ExpiryBatchSize > 0, $"{AppointmentOptions.Section}: ExpiryInterval and ExpiryBatchSize must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AppointmentExpiry>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AppointmentExpiry>());
        builder.AddEventHandler<PersonShareChanged, Messaging.ReceivePersonShare>();
        return builder;
    }
}
