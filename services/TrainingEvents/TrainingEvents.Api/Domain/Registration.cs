using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.TrainingEvents.Domain;

/// <summary>confirmed (has a place), waiting (on the waiting list, by time of registration), cancelled.</summary>
public enum RegistrationStatus
{
    Confirmed, Waiting, Cancelled,
}

/// <summary>报名: a person's registration for an event, by themselves or by the office on their behalf (RegisteredBy).</summary>
public sealed class Registration
{
    public Guid Id { get; private set; }
    public Guid TrainingEventId { get; private set; }
    public string TenantId { get; private set; } = "";
    public Guid PersonId { get; private set; }
    public RegistrationStatus Status { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public Guid? RegisteredBy { get; private set; }
    public DateTimeOffset? ConfirmedAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }
    /// <summary>跨租户报名: the tenant of a guest from another body (the event was shared with the platform); null for the owner's own people.</summary>
    public string? GuestTenantId { get; private set; }

    private Registration() { }

    public bool IsActive => Status != RegistrationStatus.Cancelled;

    /// <summary>A place if the event has room (no capacity, or fewer confirmed than it), else the waiting list.</summary>
    public static Registration Create(TrainingEvent training, Guid personId, Guid? registeredBy, int confirmed, DateTimeOffset now, string? guestTenantId = null)
    {
        var registration = new Registration
        {
            Id = Guid.CreateVersion7(), TrainingEventId = training.Id, TenantId = training.TenantId, PersonId = personId, GuestTenantId = guestTenantId,
        };
        registration.Enter(training, registeredBy, confirmed, now);
        return registration;
    }

    /// <summary>A cancelled registration registers again at the back of the queue.</summary>
    public Outcome Renew(TrainingEvent training, Guid? registeredBy, int confirmed, DateTimeOffset now)
    {
        if (IsActive) return new DomainError("already-registered", "已报名", "This person is registered for the event already.");
        Enter(training, registeredBy, confirmed, now);
        return Outcome.Done;
    }

    private void Enter(TrainingEvent training, Guid? registeredBy, int confirmed, DateTimeOffset now)
    {
        var hasRoom = training.Capacity is not { } capacity || confirmed < capacity;
        Status = hasRoom ? RegistrationStatus.Confirmed : RegistrationStatus.Waiting;
        ConfirmedAt = hasRoom ? now : null;
        RegisteredAt = now;
        RegisteredBy = registeredBy;
        CancelledAt = null;
    }

    public Outcome Cancel(DateTimeOffset now)
    {
        if (!IsActive) return new DomainError("registration-cancelled", "报名已取消", "This registration is cancelled already.");
        Status = RegistrationStatus.Cancelled;
        CancelledAt = now;
        return Outcome.Done;
    }

    /// <summary>The first of the waiting list takes a freed place.</summary>
    public void Promote(DateTimeOffset now)
    {
        Status = RegistrationStatus.Confirmed;
        ConfirmedAt = now;
    }
}
