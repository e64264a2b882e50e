using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Leaderboards;

namespace SheqingMinyi.Scoring.Messaging;

/// <summary>
/// Turns what people did into ledger entries under the rules, then updates the leaderboards. An item's points go to
/// every author by share (<see cref="AuthorCredits"/>), once per person, reason and item; a forwarded copy credits nobody.
/// </summary>
public sealed class AwardPoints(ScoringDbContext db, AuthorCredits credits) :
    IEventHandler<SubmissionSubmitted>, IEventHandler<SubmissionAdopted>, IEventHandler<AttendanceRecorded>,
    IEventHandler<LeaderInstructionRecorded>, IEventHandler<GoldenIdeaFlagged>
{
    private static readonly ScoringRules Rules = ScoringRules.Default;

    /// <summary>The item's first submission books its point, split by share; a resubmission (even with other authors) adds nothing.</summary>
    public async Task HandleAsync(SubmissionSubmitted e, EventContext context, CancellationToken ct)
    {
        if (await db.Ledger.AnyAsync(l => l.Reason == ScoringRules.SubmittedReason && l.SourceId == e.SubmissionId, ct)) return;
        await credits.CreditAsync(context, AuthorCredits.AuthorsOf(e.Authors, e.AuthorPersonId), e.UnitId, ScoringRules.SubmittedReason,
            e.SubmissionId, Rules.Submitted, e.SubmittedAt, ct);
    }

    /// <summary>Each level counts once per item and author (the reason names the level).</summary>
    public Task HandleAsync(SubmissionAdopted e, EventContext context, CancellationToken ct) =>
        credits.CreditAsync(context, AuthorCredits.AuthorsOf(e.Authors, e.AuthorPersonId), e.UnitId, ScoringRules.AdoptedReason(e.Level),
            e.SubmissionId, Rules.ForAdoption(e.Level), e.AdoptedAt, ct);

    /// <summary>批示: the instruction is the source, so an item's second instruction counts again, a replay does not.</summary>
    public Task HandleAsync(LeaderInstructionRecorded e, EventContext context, CancellationToken ct) =>
        credits.CreditAsync(context, e.Authors, AuthorCredits.UnitOf(e.Units), ScoringRules.InstructionReason(e.Level), e.InstructionId,
            Rules.ForInstruction(e.Level), InstructedAt(e), ct);

    /// <summary>金点子: an entry per author and idea when flagged, worth <see cref="ScoringRules.GoldenIdea"/> (0 by default,
    /// so it records the fact for tenant rules to price). Follow-ups change its status, not who earned it.</summary>
    public Task HandleAsync(GoldenIdeaFlagged e, EventContext context, CancellationToken ct) =>
        credits.CreditAsync(context, e.Authors, AuthorCredits.UnitOf(e.Units), ScoringRules.GoldenIdeaReason, e.GoldenIdeaId,
            Rules.GoldenIdea, e.FlaggedAt, ct);

    /// <summary>An instruction counts in the period it was given, as an adoption does: recorded the same day, the
    /// recording's instant; recorded later, the start of that day in Beijing.</summary>
    public static DateTimeOffset InstructedAt(LeaderInstructionRecorded e) =>
        DateOnly.FromDateTime(e.RecordedAt.ToOffset(ScoringPeriod.BeijingOffset).DateTime) == e.InstructedOn
            ? e.RecordedAt
            : new DateTimeOffset(e.InstructedOn.ToDateTime(TimeOnly.MinValue), ScoringPeriod.BeijingOffset);

    // Attendance names no unit: the person's main unit as the people service announced it is credited.
    public async Task HandleAsync(AttendanceRecorded e, EventContext context, CancellationToken ct) =>
        await credits.CreditAsync(context, [AuthorCredits.Whole(e.PersonId)], await MainUnitAsync(e.PersonId, ct), ScoringRules.TrainingReason,
            e.TrainingEventId, Rules.TrainingAttended, e.AttendedAt, ct);

    private Task<Guid?> MainUnitAsync(Guid personId, CancellationToken ct) =>
        db.Persons.AsNoTracking().Where(p => p.PersonId == personId).Select(p => p.UnitId).FirstOrDefaultAsync(ct);
}

/// <summary>Refreshes the names the leaderboards show once a person event committed to the directory.</summary>
public sealed class RefreshBoardNames(PersonNameCache names) : IPeopleDirectoryObserver
{
    public Task PersonChangedAsync(string tenantId, DirectoryPerson person, CancellationToken ct) =>
        person.IsKnown ? names.SetAsync(tenantId, person.PersonId, person.Name) : Task.CompletedTask;
}

public static class ScoringHandlerRegistration
{
    public static IHostApplicationBuilder AddScoringHandlers(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddScoped<AuthorCredits>(); // AddSelectionPoints adds it too
        return builder
            .AddEventHandler<SubmissionSubmitted, AwardPoints>()
            .AddEventHandler<SubmissionAdopted, AwardPoints>()
            .AddEventHandler<AttendanceRecorded, AwardPoints>()
            .AddEventHandler<LeaderInstructionRecorded, AwardPoints>()
            .AddEventHandler<GoldenIdeaFlagged, AwardPoints>()
            .AddPeopleDirectory<ScoringDbContext>()
            .AddPeopleDirectoryObserver<RefreshBoardNames>();
    }
}
