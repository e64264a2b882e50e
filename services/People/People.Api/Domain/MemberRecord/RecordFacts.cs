namespace SheqingMinyi.People.Domain.MemberRecord;

// 履职档案的读模型: facts copied from other services' events, one row per source item, so an event applied twice
// or out of order sets the same row instead of adding to a counter. The record is counted from these rows.

/// <summary>The year a fact counts in: the calendar year in Beijing, as the office keeps it.</summary>
public static class RecordYear
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    public static int Of(DateTimeOffset at) => at.ToOffset(Beijing).Year;
}

/// <summary>
/// An item the person submitted as one of its authors (SubmissionSubmitted): one row per item and author, with the
/// author's order (1 the lead) and share as the newest submission (by its Sequence) listed them. A resubmission keeps
/// the first submission's time.
/// </summary>
public sealed class RecordSubmission
{
    public string TenantId { get; init; } = "";
    public Guid SubmissionId { get; init; }
    public Guid PersonId { get; init; }
    public Guid UnitId { get; set; }
    public int AuthorOrder { get; set; } = 1;
    public decimal Share { get; set; } = 1m;
    /// <summary>The Sequence of the submission event that set the author list; 0 for events from before sequencing.</summary>
    public int Sequence { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public int Year { get; set; }

    /// <summary>Keeps the earliest submission whichever event arrives first.</summary>
    public void Seen(DateTimeOffset submittedAt)
    {
        if (submittedAt >= SubmittedAt) return;
        SubmittedAt = submittedAt;
        Year = RecordYear.Of(submittedAt);
    }
}

/// <summary>An adoption as it counts for one person: every author the adoption names, and every author of the item.</summary>
public sealed class CreditedAdoption
{
    public Guid PersonId { get; init; }
    public Guid SubmissionId { get; init; }
    public string Level { get; init; } = "";
    public int Year { get; init; }
}

/// <summary>
/// An adoption of an item at one level as it counts for one author (SubmissionAdopted): one row per item, level and
/// author the event names (an event from before co-authors names only its lead).
/// </summary>
public sealed class RecordAdoption
{
    public string TenantId { get; init; } = "";
    public Guid SubmissionId { get; init; }
    /// <summary>The AdoptionLevel as the API writes it (own-body, parent-body, national, party-centre).</summary>
    public string Level { get; init; } = "";
    public Guid PersonId { get; init; }
    public Guid UnitId { get; init; }
    public DateTimeOffset AdoptedAt { get; init; }
    public int Year { get; init; }
}

/// <summary>
/// 批示 on an item as it counts for one author (LeaderInstructionRecorded): one row per instruction and author, in the
/// year the leader gave it.
/// </summary>
public sealed class RecordInstruction
{
    public const int LeaderTitleMaxLength = 100;
    public const int NatureMaxLength = 32;
    public const int SummaryMaxLength = 2000;

    public string TenantId { get; init; } = "";
    public Guid InstructionId { get; init; }
    public Guid PersonId { get; init; }
    public Guid SubmissionId { get; init; }
    /// <summary>The InstructionLevel as the API writes it (district, municipal, provincial, national).</summary>
    public string Level { get; init; } = "";
    public string LeaderTitle { get; init; } = "";
    public string Nature { get; init; } = "";
    public DateOnly InstructedOn { get; init; }
    public string Summary { get; init; } = "";
    public decimal Share { get; init; } = 1m;
    public int Year { get; init; }
}

/// <summary>
/// Training attended (AttendanceRecorded): one row per training event, session and person, hours as last recorded
/// (a correction republishes the session's attendance). A one-sitting event (no SessionId) has a single row with
/// <see cref="WholeEvent"/> as its session; the event's hours are the sum of its rows. Version is the training's
/// attendance revision of the change kept (0 unversioned); a removed row (签到撤销) stays, uncounted, so an older
/// check-in arriving late cannot revive it.
/// </summary>
public sealed class RecordTraining
{
    /// <summary>The session of a one-sitting event, and of rows kept from before sessions were recorded.</summary>
    public static readonly Guid WholeEvent = Guid.Empty;

    public string TenantId { get; init; } = "";
    public Guid TrainingEventId { get; init; }
    public Guid SessionId { get; init; }
    public Guid PersonId { get; init; }
    public decimal Hours { get; set; }
    public DateTimeOffset AttendedAt { get; set; }
    public int Year { get; set; }
    public int Version { get; set; }
    public bool Removed { get; set; }
}

/// <summary>Points scoring credited (PointsCredited): one row per ledger entry.</summary>
public sealed class RecordPoints
{
    public string TenantId { get; init; } = "";
    public Guid EntryId { get; init; }
    public Guid PersonId { get; init; }
    public decimal Points { get; init; }
    public string Reason { get; init; } = "";
    public Guid? SourceId { get; init; }
    public DateTimeOffset CreditedAt { get; init; }
    public int Year { get; init; }
}
