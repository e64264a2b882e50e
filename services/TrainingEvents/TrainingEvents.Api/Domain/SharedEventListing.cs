namespace SheqingMinyi.TrainingEvents.Domain;

/// <summary>
/// 跨租户开放: the public face of an event its tenant opened to the platform's other tenants (a 市政协 lecture district
/// members may attend): what a notice shows, nothing else. Its own table, readable by every tenant and written only by
/// the owner tenant (row security on owner_tenant_id), so sharing an event exposes no other row of the owner.
/// </summary>
public sealed class SharedEventListing
{
    public Guid TrainingEventId { get; set; }
    public string OwnerTenantId { get; set; } = "";
    public string Title { get; set; } = "";
    public TrainingEventKind Kind { get; set; }
    public TrainingEventStatus Status { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string? Place { get; set; }
    public int? Capacity { get; set; }
    /// <summary>Who of other tenants may register (Audiences.RefusesGuest): the whole-tenant and kinds rules carry over;
    /// an event for the owner's units takes no guest. The owner's unit ids are never copied here.</summary>
    public AudienceScope Audience { get; set; }
    public List<string> AudiencePersonKinds { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The listing an event should have now: one while it is shared and not cancelled or archived.</summary>
    public static bool IsListed(TrainingEvent training) => training.SharedWithOtherTenants
        && training.Status is not (TrainingEventStatus.Cancelled or TrainingEventStatus.Archived);

    public void CopyFrom(TrainingEvent training)
    {
        TrainingEventId = training.Id;
        OwnerTenantId = training.TenantId;
        Title = training.Title;
        Kind = training.Kind;
        Status = training.Status;
        StartsAt = training.StartsAt;
        EndsAt = training.EndsAt;
        Place = training.Place;
        Capacity = training.Capacity;
        Audience = training.Audience;
        AudiencePersonKinds = training.Audience == AudienceScope.PersonKinds ? [.. training.AudiencePersonKinds] : [];
        UpdatedAt = training.UpdatedAt;
    }
}
