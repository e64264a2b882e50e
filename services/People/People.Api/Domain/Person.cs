using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Domain;

/// <summary>A person who writes or reviews: 委员, 会员/盟员, 特邀信息员, 机关干部 …</summary>
public sealed class Person : AggregateRoot
{
    public const int NameMaxLength = 50;
    public static readonly string[] KnownRoles =
        ["member", "officer", "staff-editor", "director", "leader", "chair", "tenant-admin", "platform-operator", "partner"];

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The main unit: the default submitting unit. Every unit the person belongs to is a <see cref="Membership"/>.</summary>
    public Guid? UnitId { get; private set; }
    /// <summary>Platform roles (what the person may do).</summary>
    public List<string> Roles { get; private set; } = [];
    /// <summary>What the person is to the body (<see cref="PersonKinds"/>).</summary>
    public List<string> Kinds { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }

    // Profile. Phone and IdNumber are personal data: encrypted at rest by the context's value converter, masked in
    // lists, and every read of the full value is audited; never put them in an event.
    public const int PhoneMaxLength = 20, IdNumberMaxLength = 18, TitleMaxLength = 100, TagMaxLength = 20;
    /// <summary>性别: "男" or "女", as rosters write it; null when not given.</summary>
    public string? Gender { get; private set; }
    /// <summary>职务: the person's post as the roster writes it (e.g. 重庆大学教授).</summary>
    public string? Title { get; private set; }
    /// <summary>专长: expertise tags used for search and targeted solicitation.</summary>
    public List<string> ExpertiseTags { get; private set; } = [];
    /// <summary>手机 (personal data).</summary>
    public string? Phone { get; private set; }
    /// <summary>身份证号 (personal data).</summary>
    public string? IdNumber { get; private set; }
    /// <summary>Set when the person leaves the body: history stays, they can no longer write or be credited anew.</summary>
    public DateTimeOffset? DeactivatedAt { get; private set; }
    /// <summary>1 at registration, +1 per change; carried by every person event.</summary>
    public int Version { get; private set; }

    /// <summary>
    /// False for persons announced before the other services kept kinds (the migration that added it marks every person
    /// then on the register): <see cref="Jobs.PersonKindsReannouncement"/> announces them once more. A person
    /// registered since is announced with kinds.
    /// </summary>
    public bool KindsAnnounced { get; private set; } = true;

    public bool IsActive => DeactivatedAt is null;

    /// <summary>
    /// 拼音首字母 of the name, stored (name_initials) for search. Derived from <see cref="Name"/> whenever it is read, so
    /// every save writes the current value and no change of name can forget it; the setter only lets EF map it.
    /// </summary>
    public string NameInitials { get => PinyinInitials.Of(Name); private set { } }

    private Person() { }

    /// <summary>A new person, announced as PersonRegistered so other services can name and credit them.</summary>
    public static Person Register(Guid id, string tenantId, string name, Guid? unitId, IEnumerable<string> roles, DateTimeOffset now,
        IEnumerable<string>? kinds = null)
    {
        var person = new Person
        {
            Id = id, TenantId = tenantId, Name = name.Trim(), UnitId = unitId, Roles = [.. roles.Distinct()],
            Kinds = [.. (kinds ?? KindsFromRoles(roles)).Distinct()], CreatedAt = now, Version = 1,
        };
        person.Raise(new PersonRegistered(person.Id, person.Name, person.UnitId, person.Roles, person.Kinds, person.Version));
        return person;
    }

    /// <summary>
    /// Announces the person's current state again (PersonUpdated with the next Version, so every consumer's copy
    /// applies it, whatever it holds): how services that learned persons before they kept kinds learn them. Also for a
    /// person who has left: their history is still counted by kind.
    /// </summary>
    public void AnnounceAgain(DateTimeOffset now)
    {
        Version++;
        KindsAnnounced = true;
        Raise(new PersonUpdated(Id, Name, UnitId, Roles, Kinds, now, Version));
    }

    /// <summary>Changes name, main unit, roles and kinds (PersonUpdated); refused for a person who has left.</summary>
    public Outcome Update(string name, Guid? unitId, IEnumerable<string> roles, IEnumerable<string> kinds, DateTimeOffset now)
    {
        if (!IsActive) return InactiveError();
        Updated(name, unitId, roles, kinds, now);
        return Outcome.Done;
    }

    /// <summary>Refused for a person who has left: they take no new memberships.</summary>
    public Outcome CanJoin() => IsActive ? Outcome.Done : InactiveError();

    private DomainError InactiveError() => new("person-inactive", "人员已停用", $"Person '{Id}' was deactivated at {DeactivatedAt:O}.");

    /// <summary>Records a change of name, main unit, roles or kinds and announces it as PersonUpdated.</summary>
    internal void Updated(string name, Guid? unitId, IEnumerable<string> roles, IEnumerable<string> kinds, DateTimeOffset now)
    {
        Name = name.Trim();
        UnitId = unitId;
        Roles = [.. roles.Distinct()];
        Kinds = [.. kinds.Distinct()];
        Version++;
        Raise(new PersonUpdated(Id, Name, UnitId, Roles, Kinds, now, Version));
    }

    /// <summary>
    /// Sets the profile fields. Not announced (no other service keeps them), but a change counts as a version (+1), so
    /// the person's ETag changes with what GET shows; consumers compare versions and do not mind the gap. Returns
    /// whether anything changed.
    /// </summary>
    public bool SetProfile(string? gender, string? title, IEnumerable<string>? expertiseTags, string? phone, string? idNumber)
    {
        string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        List<string> tags = [.. (expertiseTags ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct()];
        var (newGender, newTitle, newPhone, newIdNumber) = (Clean(gender), Clean(title), Clean(phone), Clean(idNumber)?.ToUpperInvariant());
        if (newGender == Gender && newTitle == Title && newPhone == Phone && newIdNumber == IdNumber && tags.SequenceEqual(ExpertiseTags))
            return false;
        (Gender, Title, ExpertiseTags, Phone, IdNumber) = (newGender, newTitle, tags, newPhone, newIdNumber);
        Version++;
        return true;
    }

    /// <summary>The person leaves the body (announced as PersonDeactivated); refused if already inactive.</summary>
    public Outcome Deactivate(string reason, DateTimeOffset now)
    {
        if (!IsActive) return InactiveError();
        DeactivatedAt = now;
        Version++;
        Raise(new PersonDeactivated(Id, now, reason, Version));
        return Outcome.Done;
    }

    /// <summary>The kinds implied by platform roles, for registrations that name none.</summary>
    public static IEnumerable<string> KindsFromRoles(IEnumerable<string> roles) => roles.Select(role => role switch
    {
        "member" => PersonKinds.Member,
        "officer" => PersonKinds.SpecialOfficer,
        "staff-editor" or "director" or "leader" or "chair" => PersonKinds.Staff,
        _ => null,
    }).OfType<string>().Distinct();
}
