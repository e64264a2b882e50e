using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Leaderboards;
using SheqingMinyi.Scoring.Rankings;

namespace SheqingMinyi.Scoring.Messaging;

/// <summary>
/// Turns what people did into facts and the facts into ledger entries under the tenant's rules (<see cref="AuthorCredits"/>),
/// then updates the leaderboards. An item's points go to every author by share (or whole, per the tenant's co-author
/// mode), once per person, reason and item; a forwarded copy credits nobody. A withdrawal or rejection is kept as a
/// marker that the rules may turn into the loss of the submitted point, whichever arrives first.
/// </summary>
public sealed class AwardPoints(ScoringDbContext db, AuthorCredits credits) :
    IEventHandler<SubmissionSubmitted>, IEventHandler<SubmissionAdopted>, IEventHandler<AttendanceRecorded>, IEventHandler<AttendanceRemoved>,
    IEventHandler<LeaderInstructionRecorded>, IEventHandler<GoldenIdeaFlagged>, IEventHandler<SubmissionWithdrawn>,
    IEventHandler<SubmissionRejected>
{
    /// <summary>The item's first submission books its point, split by share; a resubmission (even with other authors) adds nothing.</summary>
    public async Task HandleAsync(SubmissionSubmitted e, EventContext context, CancellationToken ct)
    {
        await credits.LockAsync(context, ct);
        await KeepTitleAsync(context, e, ct);
        if (await db.Facts.AnyAsync(f => f.Reason == ScoringRules.SubmittedReason && f.SourceId == e.SubmissionId, ct)) return;
        await credits.CreditAsync(context, AuthorCredits.AuthorsOf(e.Authors, e.AuthorPersonId), AuthorCredits.UnitOf(e.Units, e.UnitId), ScoringRules.SubmittedReason,
            e.SubmissionId, e.SubmissionId, e.SubmittedAt, ct, solicitationId: e.SolicitationId);
    }

    /// <summary>The item's title for the bulletins' highlights: the newest submission's by intake's Sequence (a
    /// resubmission may retitle it; an older one arriving late changes nothing).</summary>
    private async Task KeepTitleAsync(EventContext context, SubmissionSubmitted e, CancellationToken ct)
    {
        var row = await db.ItemTitles.FirstOrDefaultAsync(t => t.SubmissionId == e.SubmissionId, ct);
        if (row is null) db.ItemTitles.Add(row = new ItemTitle { TenantId = context.TenantId, SubmissionId = e.SubmissionId, Sequence = -1 });
        if (e.Sequence <= row.Sequence) return;
        row.Title = e.Title.Length > 200 ? e.Title[..200] : e.Title;
        row.Sequence = e.Sequence;
    }

    /// <summary>Each level counts once per item and author (the reason names the level); an item that answered a 约稿
    /// also earns the solicitation bonus at its first adoption (priced from the facts, see LedgerSettlement). The unit
    /// credited is the item's as intake stamped it at submission (Units), never the authors' unit of today.</summary>
    public Task HandleAsync(SubmissionAdopted e, EventContext context, CancellationToken ct) =>
        credits.CreditAsync(context, AuthorCredits.AuthorsOf(e.Authors, e.AuthorPersonId), AuthorCredits.UnitOf(e.Units, e.UnitId), ScoringRules.AdoptedReason(e.Level),
            e.SubmissionId, e.SubmissionId, e.AdoptedAt, ct);

    /// <summary>批示: the instruction is the source, so an item's second instruction counts again, a replay does not.</summary>
    public Task HandleAsync(LeaderInstructionRecorded e, EventContext context, CancellationToken ct) =>
        credits.CreditAsync(context, e.Authors, AuthorCredits.UnitOf(e.Units), ScoringRules.InstructionReason(e.Level), e.InstructionId,
            e.SubmissionId, InstructedAt(e), ct);

    /// <summary>金点子: a fact per author and idea when flagged, priced by the tenant's rules (0 by default). Follow-ups
    /// change its status, not who earned it.</summary>
    public Task HandleAsync(GoldenIdeaFlagged e, EventContext context, CancellationToken ct) =>
        credits.CreditAsync(context, e.Authors, AuthorCredits.UnitOf(e.Units), ScoringRules.GoldenIdeaReason, e.GoldenIdeaId,
            e.SubmissionId, e.FlaggedAt, ct);

    /// <summary>撤回: the item's submitted point goes if the rules in force when it was submitted say so.</summary>
    public Task HandleAsync(SubmissionWithdrawn e, EventContext context, CancellationToken ct) =>
        credits.MarkAsync(context, ScoringRules.WithdrawnMarker, e.SubmissionId, e.WithdrawnAt, ct);

    /// <summary>不予采用: as a withdrawal, under its own rule.</summary>
    public Task HandleAsync(SubmissionRejected e, EventContext context, CancellationToken ct) =>
        credits.MarkAsync(context, ScoringRules.RejectedMarker, e.SubmissionId, e.RejectedAt, ct);

    /// <summary>An instruction counts in the period it was given, as an adoption does: recorded the same day, the
    /// recording's instant; recorded later, the start of that day in Beijing.</summary>
    public static DateTimeOffset InstructedAt(LeaderInstructionRecorded e) =>
        DateOnly.FromDateTime(e.RecordedAt.ToOffset(ScoringPeriod.BeijingOffset).DateTime) == e.InstructedOn
            ? e.RecordedAt
            : new DateTimeOffset(e.InstructedOn.ToDateTime(TimeOnly.MinValue), ScoringPeriod.BeijingOffset);

    // Attendance names no unit: the unit the person belonged to on the attendance day (Beijing) is credited (see
    // TrainingUnits, which also moves it when the person's history arrives later). Each session of a multi-session event is a source of its own (its hours add up); events from before
    // sessions name the event alone. The highest Version of a person's attendance of a source wins (unversioned: 0,
    // older than any versioned change).
    public async Task HandleAsync(AttendanceRecorded e, EventContext context, CancellationToken ct) =>
        await credits.KeepAttendanceAsync(context, e.PersonId, await TrainingUnits.UnitOnAsync(db, e.PersonId, e.AttendedAt, ct), e.SessionId ?? e.TrainingEventId, e.AttendedAt,
            e.Version ?? 0, false, e.Kind, e.Hours > 0 ? e.Hours : null, ct);

    /// <summary>签到撤销: the hours are taken back by a correcting entry (unless a later check-in has a higher Version).
    /// The unit only matters when the removal arrives before its check-in (the fact keeps the check-in's unit otherwise).</summary>
    public async Task HandleAsync(AttendanceRemoved e, EventContext context, CancellationToken ct) =>
        await credits.KeepAttendanceAsync(context, e.PersonId, await TrainingUnits.UnitOnAsync(db, e.PersonId, e.RemovedAt, ct), e.SessionId ?? e.TrainingEventId, e.RemovedAt,
            e.Version, true, null, null, ct);
}

/// <summary>Refreshes the names the leaderboards show once a person event committed to the directory; a person or unit
/// change (a name, a unit's category) also makes the rankings' snapshots stale.</summary>
public sealed class RefreshBoardNames(PersonNameCache names, RankingStore rankings) : IPeopleDirectoryObserver
{
    public async Task PersonChangedAsync(string tenantId, DirectoryPerson person, CancellationToken ct)
    {
        if (person.IsKnown) await names.SetAsync(tenantId, person.PersonId, person.Name);
        await rankings.InvalidateAsync(tenantId);
    }

    public Task UnitChangedAsync(string tenantId, DirectoryUnit unit, CancellationToken ct) => rankings.InvalidateAsync(tenantId);
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
            .AddEventHandler<AttendanceRemoved, AwardPoints>()
            .AddEventHandler<LeaderInstructionRecorded, AwardPoints>()
            .AddEventHandler<GoldenIdeaFlagged, AwardPoints>()
            .AddEventHandler<SubmissionWithdrawn, AwardPoints>()
            .AddEventHandler<SubmissionRejected, AwardPoints>()
            .AddPeopleDirectory<ScoringDbContext>()
            .AddPeopleDirectoryMemberships<ScoringDbContext>()
            .AddPeopleDirectoryKinds<ScoringDbContext>()
            .AddPeopleDirectoryObserver<RefreshBoardNames>()
            .AddPersonUnitsListener<TrainingUnits>();
    }
}
