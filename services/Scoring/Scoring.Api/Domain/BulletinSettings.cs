using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>
/// The tenant's bulletin settings, one row once it set them (none: the defaults). NormaliseByUnitSize: the schedule's
/// bulletins (and POST /bulletins unless it says otherwise) add each unit's members and per-member rates. Version
/// counts changes (its ETag).
/// </summary>
public sealed class BulletinSettings : AggregateRoot
{
    public int Version { get; private set; }
    public bool NormaliseByUnitSize { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? UpdatedBy { get; private set; }

    public static BulletinSettings Create(string tenantId) => new() { TenantId = tenantId };

    public void Change(bool normaliseByUnitSize, DateTimeOffset now, string subject)
    {
        NormaliseByUnitSize = normaliseByUnitSize;
        UpdatedAt = now;
        UpdatedBy = subject;
        Version++;
    }
}
