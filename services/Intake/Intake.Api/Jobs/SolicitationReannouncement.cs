using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.Intake.Data;

namespace SheqingMinyi.Intake.Jobs;

/// <summary>
/// Review invites persons who join while a solicitation is open from the audience it keeps of each solicitation, and it
/// started keeping them after solicitations had been issued. This job announces, once, every open solicitation not yet
/// announced since (<see cref="Domain.Solicitation.AudienceAnnounced"/> false), in every tenant: SolicitationIssued
/// with the next Version, written with the flag in one transaction; rows FOR UPDATE SKIP LOCKED, so once across
/// passes, restarts and replicas (the hourly pass only retries a failed start).
/// </summary>
public sealed class SolicitationReannouncement(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SolicitationReannouncement> logger)
    : PeriodicWorker(logger, clock)
{
    private const int BatchSize = 200;

    protected override TimeSpan Interval => TimeSpan.FromHours(1);
    protected override string JobName => "Solicitation re-announcement";

    protected override async Task RunPassAsync(CancellationToken ct)
    {
        var announced = await RunOnceAsync(ct);
        if (announced > 0) Logger.LogInformation("Solicitation re-announcement: {Count} open solicitations announced again", announced);
    }

    /// <summary>Announces every solicitation still due, batch by batch; returns how many.</summary>
    public Task<int> RunOnceAsync(CancellationToken ct) => OwnerBatches.RunAsync<IntakeDbContext>(scopes, async (db, token) =>
    {
        var due = await db.Solicitations
            .FromSql($"SELECT *, xmin FROM solicitations WHERE NOT audience_announced ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .IgnoreQueryFilters().ToListAsync(token);
        foreach (var solicitation in due) solicitation.AnnounceAgain();
        return due.Count;
    }, ct);
}

public static class SolicitationReannouncementRegistration
{
    public static IHostApplicationBuilder AddSolicitationReannouncement(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SolicitationReannouncement>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SolicitationReannouncement>());
        return builder;
    }
}
