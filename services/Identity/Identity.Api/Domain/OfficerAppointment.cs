namespace SheqingMinyi.Identity.Domain;

/// <summary>
/// 聘任 as identity knows it from AppointmentStarted/Ended: whether the tenant's appointment of a person is active, at
/// which event version. A person holds the <c>officer</c> role in the tenant while any of theirs is active.
/// </summary>
public sealed class OfficerAppointment
{
    public string TenantId { get; init; } = "";
    public Guid AppointmentId { get; init; }
    public Guid PersonId { get; init; }
    public bool Active { get; set; }
    /// <summary>The version of the last event applied: an older or repeated one changes nothing.</summary>
    public int Version { get; set; }
}
