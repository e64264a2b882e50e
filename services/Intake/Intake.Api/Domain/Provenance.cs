namespace SheqingMinyi.Intake.Domain;

/// <summary>
/// Where an item came from, kept as it was when the item was created and never changed afterwards. Only the fields
/// of its channel are set: PartnerClientId (partner), ClueId (clue), ReportingPointId (reporting-point; also set when
/// a partner submits for a reporting point), ActivityKind and ActivityReference (duty-activity), ReplyDueOn
/// (chair-direct), OriginTenantId, OriginTenantName, OriginSubmissionId and OriginByline (forwarded: the child body,
/// its item's id there, and the names it was signed with, as text; no person or unit of this tenant is credited).
/// </summary>
public sealed record Provenance(
    SubmissionChannel Channel,
    string? PartnerClientId = null,
    Guid? ClueId = null,
    Guid? ReportingPointId = null,
    DutyActivityKind? ActivityKind = null,
    string? ActivityReference = null,
    DateOnly? ReplyDueOn = null,
    string? OriginTenantId = null,
    string? OriginTenantName = null,
    Guid? OriginSubmissionId = null,
    string? OriginByline = null)
{
    public const int ActivityReferenceMaxLength = 200;
    public const int OriginBylineMaxLength = 300;

    public static Provenance Portal { get; } = new(SubmissionChannel.Portal);
}
