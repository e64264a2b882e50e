using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.BuildingBlocks.Tenancy;
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
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var total = 0;
        while (await RunBatchAsync(ct) is var announced and > 0) total += announced;
        return total;
    }

    private async Task<int> RunBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsOwner(); // every tenant's persons
        var db = scope.ServiceProvider.GetRequiredService<PeopleDbContext>();
        var now = Clock.GetUtcNow();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var due = await db.Persons
                .FromSql($"SELECT * FROM persons WHERE NOT kinds_announced ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
                .IgnoreQueryFilters().ToListAsync(ct);
            foreach (var person in due) person.AnnounceAgain(now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return due.Count;
        });
    }
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
