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

// Review outcomes carry the case's Sequence: the number of decisions taken on the case so far, counting every
// round. Events about one item can arrive out of order (separate streams, retries, a republish); a consumer that
// keeps state from them applies one only if its Sequence is higher than the last it applied.

public sealed record SubmissionAdopted(Guid SubmissionId, Guid CaseId, AdoptionLevel Level, Guid AuthorPersonId, Guid UnitId, DateTimeOffset AdoptedAt, int Sequence = 0);

public sealed record SubmissionReturned(Guid SubmissionId, Guid CaseId, string Comment, DateTimeOffset ReturnedAt, int Sequence = 0);

public sealed record SubmissionRejected(Guid SubmissionId, Guid CaseId, string Comment, DateTimeOffset RejectedAt, int Sequence = 0);

public sealed record PersonRegistered(Guid PersonId, string Name, Guid? UnitId, IReadOnlyList<string> Roles);

public sealed record UnitCreated(Guid UnitId, string Name, string Category);

public sealed record AttendanceRecorded(Guid TrainingEventId, Guid PersonId, decimal Hours, DateTimeOffset AttendedAt);

/// <summary>
/// 租户登记: the identity service announces each tenant (when created, and every known tenant at its start), so
/// every consumer learns which tenants exist. The envelope's tenant is the tenant that registered it (the operator's
/// when created through the API); the payload names the tenant announced.
/// </summary>
public sealed record TenantRegistered(string TenantId, string Name, DateTimeOffset RegisteredAt);
