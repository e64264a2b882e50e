namespace SheqingMinyi.IntegrationEvents;

// The integration events services exchange. Payloads carry ids and the few facts consumers copy; the tenant,
// event id and trace context travel in the envelope.

/// <summary>采用级别: the level at which an item was adopted, one adoption record per level.</summary>
public enum AdoptionLevel
{
    OwnBody,
    ParentBody,
    National,
    PartyCentre,
}

public sealed record SubmissionSubmitted(Guid SubmissionId, string Title, Guid AuthorPersonId, Guid UnitId, DateTimeOffset SubmittedAt);

public sealed record SubmissionAdopted(Guid SubmissionId, Guid CaseId, AdoptionLevel Level, Guid AuthorPersonId, Guid UnitId, DateTimeOffset AdoptedAt);

public sealed record SubmissionReturned(Guid SubmissionId, Guid CaseId, string Comment, DateTimeOffset ReturnedAt);

public sealed record SubmissionRejected(Guid SubmissionId, Guid CaseId, string Comment, DateTimeOffset RejectedAt);

public sealed record PersonRegistered(Guid PersonId, string Name, Guid? UnitId, IReadOnlyList<string> Roles);

public sealed record UnitCreated(Guid UnitId, string Name, string Category);

public sealed record AttendanceRecorded(Guid TrainingEventId, Guid PersonId, decimal Hours, DateTimeOffset AttendedAt);
