using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.People.Data;

namespace SheqingMinyi.People.Jobs;

/// <summary>
/// Training's audiences and scoring's quotas know a person's kinds only from people's announcements, and they started
/// keeping kinds after many persons had been announced. This job announces, once, every person not yet announced with
/// kinds (<see cref="Domain.Person.KindsAnnounced"/> false), in every tenant: PersonUpdated with the next Version, written
/// with the flag in one transaction. Rows are taken FOR UPDATE SKIP LOCKED, so across passes, restarts and replicas each
/// person is announced once; after that a pass finds nothing (the hourly pass only retries a failed start).
/// </summary>
public sealed class PersonKindsReannouncement(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PersonKindsReannouncement> logger)
    : PeriodicWorker(logger, clock)
{
    private const int BatchSize = 200;

    protected override TimeSpan Interval => TimeSpan.FromHours(1);
    protected override string JobName => "Person kinds re-announcement";

    protected override async Task RunPassAsync(CancellationToken ct)
    {
        var announced = await RunOnceAsync(ct);
        if (announced > 0) Logger.LogInformation("Person kinds re-announcement: {Count} persons announced again", announced);
    }

    /// <summary>Announces every person still due, batch by batch; returns how many.</summary>
    public Task<int> RunOnceAsync(CancellationToken ct) => OwnerBatches.RunAsync<PeopleDbContext>(scopes, async (db, token) =>
    {
        var now = Clock.GetUtcNow();
        var due = await db.Persons
            .FromSql($"SELECT * FROM persons WHERE NOT kinds_announced ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .IgnoreQueryFilters().ToListAsync(token);
        foreach (var person in due) person.AnnounceAgain(now);
        return due.Count;
    }, ct);
}

public static class PersonKindsReannouncementRegistration
{
    public static IHostApplicationBuilder AddPersonKindsReannouncement(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PersonKindsReannouncement>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PersonKindsReannouncement>());
        return builder;
    }
}
