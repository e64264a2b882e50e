using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain.MemberRecord;

namespace SheqingMinyi.People.Messaging;

/// <summary>
/// Feeds the member record (履职档案) from other services' events. The inbox drops an envelope seen before; beyond
/// that each fact is a row keyed by its source (item and author, item, level and author, instruction and author,
/// training, session and person, ledger entry), so a republished or reordered event sets the same row and never counts twice.
/// </summary>
public sealed class RecordMemberFacts(PeopleDbContext db) :
    IEventHandler<SubmissionSubmitted>, IEventHandler<SubmissionAdopted>, IEventHandler<LeaderInstructionRecorded>,
    IEventHandler<AttendanceRecorded>, IEventHandler<AttendanceRemoved>, IEventHandler<PointsCredited>,
    IEventHandler<PointsRecomputed>
{
    /// <summary>
    /// Every author of the item gets a row (an event from before co-authors credits its lead author). The newest
    /// submission's author list wins whatever the order of arrival (a later resubmission may have changed it); every
    /// row keeps the item's earliest submission time.
    /// </summary>
    public async Task HandleAsync(SubmissionSubmitted e, EventContext context, CancellationToken ct)
    {
        if (e.Origin is not null || e.AuthorPersonId == Guid.Empty) return; // a forwarded copy (下级转报) is nobody's record here
        var at = e.SubmittedAt.ToUniversalTime();
        var authors = AuthorsOf(e.Authors, e.AuthorPersonId).ToList();
        var rows = await db.RecordSubmissions.Where(r => r.SubmissionId == e.SubmissionId).ToListAsync(ct);
        var first = rows.Select(r => r.SubmittedAt).Append(at).Min();
        foreach (var row in rows) row.Seen(first);
        if (rows.Count > 0 && e.Sequence <= rows.Max(r => r.Sequence)) return; // an older (or the same) author list
        foreach (var gone in rows.Where(r => authors.All(a => a.PersonId != r.PersonId))) db.RecordSubmissions.Remove(gone);
        foreach (var author in authors)
        {
            var row = rows.FirstOrDefault(r => r.PersonId == author.PersonId);
            if (row is null)
                db.RecordSubmissions.Add(row = new RecordSubmission
                {
                    TenantId = context.TenantId, SubmissionId = e.SubmissionId, PersonId = author.PersonId, SubmittedAt = first, Year = RecordYear.Of(first),
                });
            row.UnitId = e.UnitId;
            row.AuthorOrder = author.Order;
            row.Share = author.Share;
            row.Sequence = e.Sequence;
        }
    }

    /// <summary>A row per author the adoption names (an event from before co-authors names the lead alone; the item's
    /// submission then adds its co-authors when the record is counted).</summary>
    public async Task HandleAsync(SubmissionAdopted e, EventContext context, CancellationToken ct)
    {
        if (e.AuthorPersonId == Guid.Empty) return; // the adoption of a forwarded copy: credited to the original's authors in their tenant
        var level = ApiEnums.Name(e.Level);
        var at = e.AdoptedAt.ToUniversalTime();
        var recorded = await db.RecordAdoptions.Where(r => r.SubmissionId == e.SubmissionId && r.Level == level).Select(r => r.PersonId).ToListAsync(ct);
        foreach (var author in AuthorsOf(e.Authors, e.AuthorPersonId).Where(a => !recorded.Contains(a.PersonId)))
            db.RecordAdoptions.Add(new RecordAdoption
            {
                TenantId = context.TenantId, SubmissionId = e.SubmissionId, Level = level, PersonId = author.PersonId, UnitId = e.UnitId,
                AdoptedAt = at, Year = RecordYear.Of(at),
            });
    }

    /// <summary>批示: a row per instruction and author, in the year the leader gave it.</summary>
    public async Task HandleAsync(LeaderInstructionRecorded e, EventContext context, CancellationToken ct)
    {
        var recorded = await db.RecordInstructions.Where(r => r.InstructionId == e.InstructionId).Select(r => r.PersonId).ToListAsync(ct);
        foreach (var author in Named(e.Authors).Where(a => !recorded.Contains(a.PersonId)))
            db.RecordInstructions.Add(new RecordInstruction
            {
                TenantId = context.TenantId, InstructionId = e.InstructionId, PersonId = author.PersonId, SubmissionId = e.SubmissionId,
                Level = ApiEnums.Name(e.Level), LeaderTitle = Clip(e.LeaderTitle, RecordInstruction.LeaderTitleMaxLength),
                Nature = Clip(e.Nature, RecordInstruction.NatureMaxLength), InstructedOn = e.InstructedOn,
                Summary = Clip(e.Summary, RecordInstruction.SummaryMaxLength), Share = author.Share, Year = e.InstructedOn.Year,
            });
    }

    /// <summary>The authors an event names; one from before co-authors names only its lead, who had the whole item.</summary>
    private static IEnumerable<AuthorShare> AuthorsOf(IReadOnlyList<AuthorShare>? authors, Guid lead)
    {
        IReadOnlyList<AuthorShare> named = authors is { Count: > 0 } ? authors : [new AuthorShare(lead, 1, 1m)];
        return Named(named);
    }

    /// <summary>Each person an event names once; nobody for an empty id.</summary>
    internal static IEnumerable<AuthorShare> Named(IEnumerable<AuthorShare> authors) =>
        authors.Where(a => a.PersonId != Guid.Empty).DistinctBy(a => a.PersonId);

    // Another service's text: kept to the column rather than failing the event.
    internal static string Clip(string? text, int max) => text is null ? "" : text.Length <= max ? text : text[..max];

    /// <summary>
    /// A row per event, session and person, so the sessions of a longer event add up and a session recorded again (or
    /// corrected) keeps one row with its latest hours. Per-session rows supersede a whole-event row of the same event and
    /// person (one kept from before sessions, which held only the last session's hours), whichever arrives first.
    /// </summary>
    public Task HandleAsync(AttendanceRecorded e, EventContext context, CancellationToken ct) =>
        KeepAttendanceAsync(context, e.TrainingEventId, e.PersonId, e.SessionId, e.Version ?? 0, e.AttendedAt, e.Hours, ct);

    /// <summary>签到撤销: the row stays as a removed one carrying the removal's version, so a check-in older than the
    /// removal arriving late cannot put the hours back, while a later re-check-in (higher version) does.</summary>
    public Task HandleAsync(AttendanceRemoved e, EventContext context, CancellationToken ct) =>
        KeepAttendanceAsync(context, e.TrainingEventId, e.PersonId, e.SessionId, e.Version, e.RemovedAt, null, ct);

    /// <summary>
    /// Keeps, per event, session and person, the attendance change with the highest version (unversioned = 0): a lower
    /// version arriving late changes nothing; the same version is the same change again and sets the same values.
    /// Hours null is a removal.
    /// </summary>
    private async Task KeepAttendanceAsync(EventContext context, Guid trainingEventId, Guid personId, Guid? sessionId, int version,
        DateTimeOffset occurredAt, decimal? hours, CancellationToken ct)
    {
        var session = sessionId ?? RecordTraining.WholeEvent;
        var rows = await db.RecordTrainings.Where(r => r.TrainingEventId == trainingEventId && r.PersonId == personId).ToListAsync(ct);
        if (session == RecordTraining.WholeEvent && rows.Any(r => r.SessionId != RecordTraining.WholeEvent)) return;
        if (session != RecordTraining.WholeEvent) db.RecordTrainings.RemoveRange(rows.Where(r => r.SessionId == RecordTraining.WholeEvent));
        var row = rows.FirstOrDefault(r => r.SessionId == session);
        if (row is not null && version < row.Version) return;
        if (row is null)
        {
            var at = occurredAt.ToUniversalTime();
            db.RecordTrainings.Add(row = new RecordTraining
            {
                TenantId = context.TenantId, TrainingEventId = trainingEventId, SessionId = session, PersonId = personId,
                AttendedAt = at, Year = RecordYear.Of(at),
            });
        }
        row.Version = version;
        row.Removed = hours is null;
        if (hours is not { } kept) return; // a removal keeps the attendance's day: the row stays in the year it was in
        row.Hours = kept;
        row.AttendedAt = occurredAt.ToUniversalTime();
        row.Year = RecordYear.Of(row.AttendedAt);
    }

    public async Task HandleAsync(PointsCredited e, EventContext context, CancellationToken ct)
    {
        if (await db.RecordPoints.AnyAsync(r => r.EntryId == e.EntryId, ct)) return;
        var at = e.CreditedAt.ToUniversalTime();
        db.RecordPoints.Add(new RecordPoints
        {
            TenantId = context.TenantId, EntryId = e.EntryId, PersonId = e.PersonId, Points = e.Points, Reason = e.Reason,
            SourceId = e.SourceId, CreditedAt = at, Year = RecordYear.Of(at),
        });
    }

    /// <summary>A rule change moved the person's total of a year: one row of the change, keyed by the recompute, so a
    /// replay adds nothing.</summary>
    public async Task HandleAsync(PointsRecomputed e, EventContext context, CancellationToken ct)
    {
        if (await db.RecordPoints.AnyAsync(r => r.EntryId == e.RecomputeId, ct)) return;
        var at = e.YearOf.ToUniversalTime();
        db.RecordPoints.Add(new RecordPoints
        {
            TenantId = context.TenantId, EntryId = e.RecomputeId, PersonId = e.PersonId, Points = e.Points, Reason = RecomputedReason,
            CreditedAt = at, Year = RecordYear.Of(at),
        });
    }

    /// <summary>The reason a rule change's row of the member record carries.</summary>
    public const string RecomputedReason = "rules-recomputed";
}

public static class MemberRecordHandlerRegistration
{
    public static IHostApplicationBuilder AddMemberRecordHandlers(this IHostApplicationBuilder builder) => builder
        .AddEventHandler<SubmissionSubmitted, RecordMemberFacts>()
        .AddEventHandler<SubmissionAdopted, RecordMemberFacts>()
        .AddEventHandler<LeaderInstructionRecorded, RecordMemberFacts>()
        .AddEventHandler<AttendanceRecorded, RecordMemberFacts>()
        .AddEventHandler<AttendanceRemoved, RecordMemberFacts>()
        .AddEventHandler<PointsCredited, RecordMemberFacts>()
        .AddEventHandler<PointsRecomputed, RecordMemberFacts>()
        .AddEventHandler<GoldenIdeaFlagged, RecordMemberHonours>()
        .AddEventHandler<GoldenIdeaFollowedUp, RecordMemberHonours>()
        .AddEventHandler<ExcellentSelectionPublished, RecordMemberHonours>();
}
