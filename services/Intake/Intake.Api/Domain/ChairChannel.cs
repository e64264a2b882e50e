using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.Intake.Domain;

/// <summary>
/// 主席直通车的设置, one per tenant: the chair person(s) the channel goes to, the staff allowed to see its items, and
/// how many working days the chair has to reply. Chair-direct items are seen only by these persons and their authors.
/// </summary>
public sealed class ChairChannel
{
    public const int DefaultReplyDays = 10, MaxReplyDays = 60, MaxChairs = 5, MaxStaff = 20;

    public string TenantId { get; private set; } = "";
    public List<Guid> ChairPersonIds { get; private set; } = [];
    public List<Guid> StaffPersonIds { get; private set; } = [];
    /// <summary>Working days (<see cref="BodyCalendar"/>) from submission to the reply deadline.</summary>
    public int ReplyDays { get; private set; } = DefaultReplyDays;
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    private ChairChannel() { }

    public static ChairChannel Set(string tenantId, IReadOnlyList<Guid> chairs, IReadOnlyList<Guid> staff, int replyDays, DateTimeOffset now)
    {
        var settings = new ChairChannel { TenantId = tenantId };
        settings.Change(chairs, staff, replyDays, now);
        return settings;
    }

    public void Change(IReadOnlyList<Guid> chairs, IReadOnlyList<Guid> staff, int replyDays, DateTimeOffset now)
    {
        ChairPersonIds = chairs.Distinct().ToList();
        StaffPersonIds = staff.Distinct().ToList();
        ReplyDays = replyDays;
        UpdatedAt = now;
    }

    public bool Allows(Guid personId) => ChairPersonIds.Contains(personId) || StaffPersonIds.Contains(personId);

    /// <summary>Everyone besides its authors who may see a chair-direct item.</summary>
    public IReadOnlyList<Guid> AllowedPersons => [.. ChairPersonIds, .. StaffPersonIds];

    /// <summary>The reply deadline of an item submitted at <paramref name="submittedAt"/>.</summary>
    public static DateOnly ReplyDueOn(DateTimeOffset submittedAt, int replyDays) =>
        BodyCalendar.AddWorkingDays(BodyCalendar.Today(submittedAt), replyDays);
}
