namespace SheqingMinyi.TrainingEvents.Domain;

/// <summary>
/// 跨租户参加: what a guest's own tenant may know of the guest's part in another tenant's shared event: the listing's
/// facts, the registration's status, and the sessions and hours credited. Written only by the owner tenant (in the same
/// transaction as the registration or the attendance it mirrors), readable by the owner and by the guest's tenant (row
/// security of its own, migration GuestEntries) and by nobody else; so the guest's "my events" lists it without the
/// guest's tenant reading any row of the owner's.
/// </summary>
public sealed class GuestEntry
{
    public Guid TrainingEventId { get; set; }
    public Guid PersonId { get; set; }
    public string GuestTenantId { get; set; } = "";
    public string OwnerTenantId { get; set; } = "";
    public string Title { get; set; } = "";
    public TrainingEventKind Kind { get; set; }
    public TrainingEventStatus Status { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string? Place { get; set; }
    public RegistrationStatus Registration { get; set; }
    public int SessionsAttended { get; set; }
    public decimal HoursCredited { get; set; }

    public void CopyFrom(TrainingEvent training, Registration registration, int sessionsAttended, decimal hoursCredited)
    {
        TrainingEventId = training.Id;
        PersonId = registration.PersonId;
        GuestTenantId = registration.GuestTenantId!;
        OwnerTenantId = training.TenantId;
        Title = training.Title;
        Kind = training.Kind;
        Status = training.Status;
        StartsAt = training.StartsAt;
        EndsAt = training.EndsAt;
        Place = training.Place;
        Registration = registration.Status;
        SessionsAttended = sessionsAttended;
        HoursCredited = hoursCredited;
    }
}
