using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.People.Domain.Talent;

/// <summary>走访对象的类别.</summary>
public enum VisitKind
{
    University,   // 高校
    District,     // 区县
    Department,   // 部门
    Institute,    // 科研院所
    Enterprise,   // 会员企业
}

/// <summary>人才走访: a visit by office staff to a place, where people worth writing for the body were found.</summary>
public sealed class TalentVisit : AggregateRoot
{
    public const int PlaceMaxLength = 100, NotesMaxLength = 2000, MaxVisitors = 20;

    public Guid Id { get; private set; }
    public VisitKind Kind { get; private set; }
    /// <summary>The place or organisation visited (重庆大学, 沙坪坝区科技局 …).</summary>
    public string Place { get; private set; } = "";
    public DateOnly VisitedOn { get; private set; }
    /// <summary>The tenant's persons who made the visit.</summary>
    public List<Guid> VisitorIds { get; private set; } = [];
    public string? Notes { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public uint Version { get; private set; }

    private TalentVisit() { }

    public static TalentVisit Record(string tenantId, VisitKind kind, string place, DateOnly visitedOn, IEnumerable<Guid> visitorIds,
        string? notes, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), TenantId = tenantId, Kind = kind, Place = place.Trim(), VisitedOn = visitedOn,
        VisitorIds = [.. visitorIds.Distinct()], Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(), CreatedAt = now,
    };
}
