namespace SheqingMinyi.BuildingBlocks.Auditing;

/// <summary>One line of the append-only audit trail: who did (or was refused) what, in which tenant, when, in which trace.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    /// <summary>The token's subject (an account id or a partner's client id), or the user name tried at a failed sign-in.</summary>
    public string Subject { get; init; } = "";
    /// <summary>e.g. sign-in, sign-in-failed, access-denied, review-decision.</summary>
    public string Action { get; init; } = "";
    public string Resource { get; init; } = "";
    public string Outcome { get; init; } = "";
    public string? TraceId { get; init; }
    public DateTimeOffset At { get; init; }
}

public static class AuditActions
{
    public const string SignIn = "sign-in", SignInFailed = "sign-in-failed", AccessDenied = "access-denied", ReviewDecision = "review-decision",
        AuthenticationFailed = "authentication-failed", OutboxRepublished = "outbox-republished",
        // Who may see 主席直通车 items changed.
        ChairChannelChanged = "chair-channel-changed",
        // Recorded on an item after review: an outside adoption (全国政协, 党派中央, 上级机关采用), a leader's instruction (批示).
        AdoptionRecorded = "adoption-recorded", InstructionRecorded = "instruction-recorded";

    /// <summary>The trail of requests whose token proved no tenant (401): kept, for the platform's operators.</summary>
    public const string NoTenant = "";
}
