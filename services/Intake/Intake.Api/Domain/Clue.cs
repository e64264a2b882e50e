using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Domain;

/// <summary>线索的状态: new (in the inbox) → converted (became a draft) or dismissed. Both ends are final.</summary>
public enum ClueStatus
{
    New,
    Converted,
    Dismissed,
}

/// <summary>
/// 线索: what someone sent a member through the member's public business card (people's ClueSent). The text is kept
/// as sent; the member turns it into a draft (provenance kept) or dismisses it, once.
/// </summary>
public sealed class Clue : AggregateRoot
{
    public const int DismissReasonMaxLength = 500;

    public Guid Id { get; private set; }
    /// <summary>The member the clue was sent to.</summary>
    public Guid PersonId { get; private set; }
    public string Text { get; private set; } = "";
    public string? Contact { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    public ClueStatus Status { get; private set; }
    /// <summary>The draft the clue became (converted).</summary>
    public Guid? SubmissionId { get; private set; }
    public DateTimeOffset? ConvertedAt { get; private set; }
    public DateTimeOffset? DismissedAt { get; private set; }
    public string? DismissReason { get; private set; }
    /// <summary>Row version (xmin): the ETag, and the check that a clue is converted or dismissed only once.</summary>
    public uint Version { get; private set; }

    private Clue() { }

    public static Clue Receive(Guid id, string tenantId, Guid personId, string text, string? contact, DateTimeOffset sentAt, DateTimeOffset now) => new()
    {
        Id = id, TenantId = tenantId, PersonId = personId, Text = text, Contact = contact, SentAt = sentAt, ReceivedAt = now,
        Status = ClueStatus.New,
    };

    /// <summary>The clue became <paramref name="submissionId"/>; raises ClueConverted.</summary>
    public Outcome ConvertTo(Guid submissionId, DateTimeOffset now)
    {
        if (NotNew() is { } refused) return refused;
        (Status, SubmissionId, ConvertedAt) = (ClueStatus.Converted, submissionId, now);
        Raise(new ClueConverted(Id, PersonId, submissionId, now));
        return Outcome.Done;
    }

    /// <summary>Why a new clue cannot be converted now, or null.</summary>
    public DomainError? NotNew() => Status switch
    {
        ClueStatus.New => null,
        ClueStatus.Converted => new DomainError("clue-converted", "线索已转为稿件", $"Clue '{Id}' became submission '{SubmissionId}' at {ConvertedAt:O}."),
        _ => new DomainError("clue-dismissed", "线索已被忽略", $"Clue '{Id}' was dismissed at {DismissedAt:O}."),
    };

    public Outcome Dismiss(string? reason, DateTimeOffset now)
    {
        if (NotNew() is { } refused) return refused;
        (Status, DismissedAt, DismissReason) = (ClueStatus.Dismissed, now, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
        return Outcome.Done;
    }
}
