using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.Intake.Domain;

/// <summary>
/// 线索: what someone sent a member through the member's public business card (people's ClueSent). Kept as sent,
/// never changed here; the member's clue inbox (reading, turning a clue into a draft) comes with a later issue.
/// </summary>
public sealed class Clue : AggregateRoot
{
    public Guid Id { get; private set; }
    /// <summary>The member the clue was sent to.</summary>
    public Guid PersonId { get; private set; }
    public string Text { get; private set; } = "";
    public string? Contact { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }

    private Clue() { }

    public static Clue Receive(Guid id, string tenantId, Guid personId, string text, string? contact, DateTimeOffset sentAt, DateTimeOffset now) => new()
    {
        Id = id, TenantId = tenantId, PersonId = personId, Text = text, Contact = contact, SentAt = sentAt, ReceivedAt = now,
    };
}
