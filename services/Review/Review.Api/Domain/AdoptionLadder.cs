using Microsoft.EntityFrameworkCore;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;

namespace SheqingMinyi.Review.Domain;

/// <summary>
/// The one way an adoption is recorded: the last review stage's adopt decision, a parent body's adoption of a
/// forwarded item, and outside adoptions staff record all go through <see cref="RecordAsync"/>, so each level of an
/// item is recorded and announced (SubmissionAdopted) exactly once.
/// </summary>
public static class AdoptionLadder
{
    /// <summary>The unique index (tenant, submission, level) that settles two records of one level racing.</summary>
    public const string UniqueLevelIndex = "ix_adoptions_tenant_id_submission_id_level";

    /// <summary>
    /// Records <paramref name="c"/>'s item as adopted at <paramref name="level"/> and stages SubmissionAdopted in
    /// <paramref name="db"/>'s outbox. Nothing is saved: the caller's SaveChanges writes the record, the event and its
    /// own changes in one transaction. Refused (<c>already-adopted-at-level</c>, a 409) when the level is recorded
    /// already. Callers check their own preconditions (the case's tenant, state, role). When SaveChanges then throws a
    /// <see cref="DbUpdateException"/> for which <see cref="IsLevelTaken"/> is true, a concurrent record of the same
    /// level won: answer <see cref="AlreadyAdopted"/>. The case row is touched, so its ETag (which covers the ladder)
    /// changes, and a concurrent change of the case fails that save with a DbUpdateConcurrencyException.
    /// </summary>
    /// <param name="adoptedOn">The day of the adoption (China Standard Time); the event's AdoptedAt is
    /// <paramref name="now"/> when it is today, else that day's start in China Standard Time.</param>
    /// <param name="recordedBy">The token subject recording it.</param>
    public static async Task<Outcome<Adoption>> RecordAsync(ReviewDbContext db, ReviewCase c, AdoptionLevel level, AdoptionSource source,
        DateOnly adoptedOn, DateTimeOffset now, string? recordedBy = null, string? publicationName = null, string? issue = null,
        Guid? evidenceFileId = null, CancellationToken ct = default)
    {
        if (await db.Adoptions.AnyAsync(a => a.SubmissionId == c.SubmissionId && a.Level == level, ct)
            || db.Adoptions.Local.Any(a => a.SubmissionId == c.SubmissionId && a.Level == level))
            return AlreadyAdopted(level);
        var adoption = new Adoption
        {
            Id = Guid.CreateVersion7(),
            TenantId = c.TenantId,
            SubmissionId = c.SubmissionId,
            CaseId = c.Id,
            Level = level,
            AdoptedOn = adoptedOn,
            Source = source,
            PublicationName = publicationName,
            Issue = issue,
            EvidenceFileId = evidenceFileId,
            RecordedBy = recordedBy,
            Authors = [.. c.Authors],
            Units = [.. c.Units],
            CreatedAt = now,
        };
        db.Adoptions.Add(adoption);
        c.AdoptionRecorded(now);
        var adoptedAt = adoptedOn == BodyCalendar.Today(now) ? now : new DateTimeOffset(adoptedOn.ToDateTime(TimeOnly.MinValue), BodyCalendar.Offset);
        db.AddEvent(c.TenantId, new SubmissionAdopted(c.SubmissionId, c.Id, level, c.AuthorPersonId, c.UnitId, adoptedAt, c.Sequence,
            adoption.Authors, adoption.Units, source, publicationName, issue, evidenceFileId, c.IsRestricted));
        return adoption;
    }

    /// <summary>The ladder of one item, lowest level first.</summary>
    public static async Task<List<Adoption>> OfAsync(ReviewDbContext db, Guid submissionId, CancellationToken ct) =>
        // Levels are stored by name: ordered here by the enum (own body first), not alphabetically.
        [.. (await db.Adoptions.AsNoTracking().Where(a => a.SubmissionId == submissionId).ToListAsync(ct)).OrderBy(a => a.Level)];

    public static DomainError AlreadyAdopted(AdoptionLevel level) => new("already-adopted-at-level", "该信息已在此级别采用",
        $"The item is already recorded as adopted at level {BuildingBlocks.Http.ApiEnums.Name(level)}; each level is recorded once.");

    /// <summary>True when a save failed because another record of the same item and level committed first.</summary>
    public static bool IsLevelTaken(DbUpdateException error) =>
        error.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: UniqueLevelIndex };
}
