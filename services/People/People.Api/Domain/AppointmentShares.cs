using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Domain;

/// <summary>
/// 共享授权: the consent step of a cross-tenant appointment, kept by the person's own tenant. Its tenant-admin shares the
/// person (their name, nothing else) with one other tenant; only then may that tenant appoint them. Withdrawing the
/// share ends what it allowed. The other tenant learns of it only through PersonShareChanged (<see cref="ReceivedShare"/>).
/// </summary>
public sealed class PersonShare : AggregateRoot
{
    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public string SharedWithTenantId { get; private set; } = "";
    /// <summary>The name given to the other tenant (the person's name when shared).</summary>
    public string PersonName { get; private set; } = "";
    public DateTimeOffset SharedAt { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }
    public int Version { get; private set; }

    public bool IsActive => WithdrawnAt is null;

    private PersonShare() { }

    public static Outcome<PersonShare> Share(Guid id, Person person, string sharedWithTenantId, DateTimeOffset now)
    {
        if (!person.IsActive)
            return new DomainError("person-inactive", "人员已停用", $"Person '{person.Id}' is no longer active.");
        if (sharedWithTenantId == person.TenantId)
            return new DomainError("share-own-tenant", "不能共享给本单位", "A person is shared with another tenant only.");
        var share = new PersonShare
        {
            Id = id, TenantId = person.TenantId, PersonId = person.Id, SharedWithTenantId = sharedWithTenantId, PersonName = person.Name,
            SharedAt = now, Version = 1,
        };
        share.Announce(now);
        return share;
    }

    public Outcome Withdraw(DateTimeOffset now)
    {
        if (!IsActive) return new DomainError("share-withdrawn", "共享已撤回", $"Share '{Id}' was withdrawn at {WithdrawnAt:O}.");
        WithdrawnAt = now;
        Announce(now);
        return Outcome.Done;
    }

    private void Announce(DateTimeOffset now)
    {
        if (WithdrawnAt is not null) Version++;
        Raise(new PersonShareChanged(Id, PersonId, PersonName, SharedWithTenantId, IsActive, now, Version));
    }
}

/// <summary>
/// A share as the receiving tenant holds it (its own row, written by the consumer of PersonShareChanged): the person's
/// id, the name given and the sharing tenant. What the receiving tenant knows of a person of another body is this.
/// </summary>
public sealed class ReceivedShare : AggregateRoot
{
    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public string PersonName { get; private set; } = "";
    public string SharingTenantId { get; private set; } = "";
    public DateTimeOffset SharedAt { get; private set; }
    public bool IsActive { get; private set; }
    public int Version { get; private set; }

    private ReceivedShare() { }

    public static ReceivedShare Receive(PersonShareChanged e, string sharingTenantId) => new()
    {
        Id = e.ShareId, TenantId = e.SharedWithTenantId, PersonId = e.PersonId, PersonName = e.Name, SharingTenantId = sharingTenantId,
        SharedAt = e.ChangedAt, IsActive = e.Active, Version = e.Version,
    };

    /// <summary>Applies a later version of the share; an older or repeated one changes nothing (false).</summary>
    public bool Apply(PersonShareChanged e)
    {
        if (e.Version <= Version) return false;
        PersonName = e.Name;
        IsActive = e.Active;
        Version = e.Version;
        return true;
    }
}
