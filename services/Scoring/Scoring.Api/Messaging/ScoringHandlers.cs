using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Leaderboards;

namespace SheqingMinyi.Scoring.Messaging;

/// <summary>Turns what people did into ledger entries under the rules, then updates the leaderboards.</summary>
public sealed class AwardPoints(ScoringDbContext db, LeaderboardStore leaderboards, TimeProvider clock) :
    IEventHandler<SubmissionSubmitted>, IEventHandler<SubmissionAdopted>, IEventHandler<AttendanceRecorded>
{
    private static readonly ScoringRules Rules = ScoringRules.Default;

    public Task HandleAsync(SubmissionSubmitted e, EventContext context, CancellationToken ct) =>
        AwardAsync(context, e.AuthorPersonId, e.UnitId, ScoringRules.SubmittedReason, e.SubmissionId, Rules.Submitted, e.SubmittedAt, ct);

    public Task HandleAsync(SubmissionAdopted e, EventContext context, CancellationToken ct) =>
        AwardAsync(context, e.AuthorPersonId, e.UnitId, ScoringRules.AdoptedReason(e.Level), e.SubmissionId, Rules.ForAdoption(e.Level), e.AdoptedAt, ct);

    // Attendance names no unit: the person's main unit as the people service announced it is credited.
    public async Task HandleAsync(AttendanceRecorded e, EventContext context, CancellationToken ct) =>
        await AwardAsync(context, e.PersonId, await MainUnitAsync(e.PersonId, ct), ScoringRules.TrainingReason, e.TrainingEventId,
            Rules.TrainingAttended, e.AttendedAt, ct);

    private Task<Guid?> MainUnitAsync(Guid personId, CancellationToken ct) =>
        db.Persons.AsNoTracking().Where(p => p.PersonId == personId).Select(p => p.UnitId).FirstOrDefaultAsync(ct);

    private async Task AwardAsync(EventContext context, Guid personId, Guid? unitId, string reason, Guid sourceId,
        decimal points, DateTimeOffset occurredAt, CancellationToken ct)
    {
        // A copy forwarded up from a child body (下级转报) names no person here (Guid.Empty): the original's authors are
        // credited in their own tenant when the parent's adoption comes back, so nobody is credited for the copy.
        if (personId == Guid.Empty) return;
        // A resubmitted item or a second event for the same adoption level earns nothing more.
        if (await db.Ledger.AnyAsync(l => l.PersonId == personId && l.Reason == reason && l.SourceId == sourceId, ct)) return;
        // timestamptz takes UTC only; producers may stamp an offset
        var entry = LedgerEntry.Credit(context.TenantId, personId, unitId, reason, sourceId, points, Rules.Version,
            occurredAt.ToUniversalTime(), clock.GetUtcNow(), context.TraceId);
        db.Ledger.Add(entry);
        context.OnCommitted(token => leaderboards.ApplyAsync(db, entry.TenantId, entry.PersonId, entry.OccurredAt, token));
    }
}

/// <summary>Refreshes the names the leaderboards show once a person event committed to the directory.</summary>
public sealed class RefreshBoardNames(PersonNameCache names) : IPeopleDirectoryObserver
{
    public Task PersonChangedAsync(string tenantId, DirectoryPerson person, CancellationToken ct) =>
        person.IsKnown ? names.SetAsync(tenantId, person.PersonId, person.Name) : Task.CompletedTask;
}

public static class ScoringHandlerRegistration
{
    public static IHostApplicationBuilder AddScoringHandlers(this IHostApplicationBuilder builder) => builder
        .AddEventHandler<SubmissionSubmitted, AwardPoints>()
        .AddEventHandler<SubmissionAdopted, AwardPoints>()
        .AddEventHandler<AttendanceRecorded, AwardPoints>()
        .AddPeopleDirectory<ScoringDbContext>()
        .AddPeopleDirectoryObserver<RefreshBoardNames>();
}
