namespace SheqingMinyi.IntegrationEvents;

// 报送/转报: forwarding an adopted item up to the parent body on the platform, and the parent's decision coming back.
// SubmissionForwarded stays in the origin tenant; ForwardedItemReceived and ForwardedItemDecided are cross-tenant
// hand-offs (Messaging/HandOff.cs): the envelope names the receiving tenant, and the payload is all that crosses.

/// <summary>The original item a forwarded copy stands for: the child tenant and its submission id, nothing more.</summary>
public sealed record SubmissionOrigin(string TenantId, Guid SubmissionId);

/// <summary>
/// 转报: the origin tenant's staff forwarded an item its own body adopted to the parent tenant. Raised in the origin
/// tenant (intake there hands the text up; feedback and scoring may use it). Authors and Units are the case's shares.
/// </summary>
public sealed record SubmissionForwarded(Guid SubmissionId, Guid CaseId, string ParentTenantId, DateTimeOffset ForwardedAt,
    IReadOnlyList<AuthorShare> Authors, IReadOnlyList<UnitShare> Units);

/// <summary>
/// A child body's item arriving at the parent (envelope: the parent tenant). The text and the names it was signed with
/// travel as text only: the parent gets no person or unit ids of the child, and credits nobody of its own for it.
/// </summary>
public sealed record ForwardedItemReceived(string OriginTenantId, string OriginTenantName, Guid OriginSubmissionId, string Title,
    string Body, string? Type, IReadOnlyList<string> AuthorNames, string? UnitName, DateTimeOffset ForwardedAt);

/// <summary>
/// The parent's decision on a forwarded copy, handed back to the origin tenant (envelope: the origin): adopted at any
/// level there (上级采用 for the original) or rejected (不予采用).
/// </summary>
public sealed record ForwardedItemDecided(Guid OriginSubmissionId, string ParentTenantId, string ParentTenantName, bool Adopted,
    DateOnly DecidedOn, string? Comment = null);
