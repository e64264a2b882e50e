using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Domain;

/// <summary>
/// 委员数字名片: a member's card, one per person. Its token (in the QR code's public URL) is the only way to reach
/// the card's public page; the database keeps the token's SHA-256 (to look it up) and the token encrypted by Data
/// Protection (to draw the QR code again), never the usable token in plain. Rotating replaces both: the old token
/// stops working at once.
/// </summary>
public sealed class BusinessCard : AggregateRoot
{
    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    /// <summary>SHA-256 of the current token (unique across tenants: the public page finds the card by it).</summary>
    public byte[] TokenHash { get; private set; } = [];
    /// <summary>The current token, encrypted by Data Protection.</summary>
    public string ProtectedToken { get; private set; } = "";
    public DateTimeOffset IssuedAt { get; private set; }
    /// <summary>1 at issue, +1 per rotation.</summary>
    public int Generation { get; private set; }
    /// <summary>The per-card clue limit's current window and how many clues it took.</summary>
    public DateTimeOffset? ClueWindowStartedAt { get; private set; }
    public int CluesInWindow { get; private set; }
    /// <summary>Row version (xmin): the ETag, and the concurrency check of rotations and clues.</summary>
    public uint Version { get; private set; }

    private BusinessCard() { }

    /// <summary>A first card for an active person of the tenant.</summary>
    public static Outcome<BusinessCard> Issue(Guid id, Person person, CardToken token, string protectedToken, DateTimeOffset now)
    {
        if (!person.IsActive) return Inactive(person);
        return new BusinessCard
        {
            Id = id, TenantId = person.TenantId, PersonId = person.Id, TokenHash = token.Hash, ProtectedToken = protectedToken,
            IssuedAt = now, Generation = 1,
        };
    }

    /// <summary>Revokes the current token and issues a new one (allowed for an inactive person too: revoking is a safety act).</summary>
    public void Rotate(CardToken token, string protectedToken, DateTimeOffset now)
    {
        TokenHash = token.Hash;
        ProtectedToken = protectedToken;
        IssuedAt = now;
        Generation++;
    }

    /// <summary>
    /// Someone sent the member a clue through the public page: announced as ClueSent for intake to keep. At most
    /// <see cref="ClueLimit.PerWindow"/> clues per card per window, so one card cannot be used to flood a member.
    /// </summary>
    public Outcome SendClue(Guid clueId, string text, string? contact, DateTimeOffset now, ClueLimit limit)
    {
        if (ClueWindowStartedAt is not { } started || now - started >= limit.Window)
            (ClueWindowStartedAt, CluesInWindow) = (now, 0);
        if (CluesInWindow >= limit.PerWindow)
            return new DomainError("card-clue-limit", "该名片收到的线索过多，请稍后再试",
                $"The card took {CluesInWindow} clues since {ClueWindowStartedAt:O}; the limit is {limit.PerWindow} per {limit.Window}.");
        CluesInWindow++;
        Raise(new ClueSent(clueId, PersonId, text, contact, now));
        return Outcome.Done;
    }

    /// <summary>When the current clue window ends (for Retry-After).</summary>
    public DateTimeOffset ClueWindowEndsAt(ClueLimit limit) => (ClueWindowStartedAt ?? DateTimeOffset.MinValue) + limit.Window;

    private static DomainError Inactive(Person person) =>
        new("person-inactive", "人员已停用，不能签发名片", $"Person '{person.Id}' was deactivated at {person.DeactivatedAt:O}.");
}

/// <summary>How many clues one card takes per window.</summary>
public sealed record ClueLimit(int PerWindow, TimeSpan Window);
