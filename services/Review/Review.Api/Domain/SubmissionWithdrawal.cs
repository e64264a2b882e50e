namespace SheqingMinyi.Review.Domain;

/// <summary>
/// 撤回记录: that an item was withdrawn, kept whether or not its case exists yet, so a withdrawal that arrives before
/// the submission that opens the case still wins (the case opens withdrawn).
/// </summary>
public sealed class SubmissionWithdrawal
{
    public string TenantId { get; private set; } = "";
    public Guid SubmissionId { get; private set; }
    public string? Reason { get; private set; }
    public DateTimeOffset WithdrawnAt { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }

    public const int ReasonMaxLength = 500;

    private SubmissionWithdrawal() { }

    public static SubmissionWithdrawal Record(string tenantId, Guid submissionId, string? reason, DateTimeOffset withdrawnAt, DateTimeOffset now) =>
        new() { TenantId = tenantId, SubmissionId = submissionId, Reason = reason is { Length: > ReasonMaxLength } ? reason[..ReasonMaxLength] : reason, WithdrawnAt = withdrawnAt, ReceivedAt = now };
}
