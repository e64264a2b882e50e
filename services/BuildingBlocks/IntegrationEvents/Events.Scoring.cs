namespace SheqingMinyi.IntegrationEvents;

/// <summary>One quota a person is behind on: Quota is its id (member-adopted, special-committee-submitted), Done of Target.</summary>
public sealed record QuotaShortfall(string Quota, int Target, int Done)
{
    public const string MemberAdopted = "member-adopted", SpecialCommitteeSubmitted = "special-committee-submitted",
        UnitSubmitted = "unit-submitted", UnitAdopted = "unit-adopted";

    /// <summary>The quota's name in a message or an export (scoring's bulletins and the writers' inbox say it alike).</summary>
    public static string NameOf(string quota) => quota switch
    {
        MemberAdopted => "委员年度被采用",
        SpecialCommitteeSubmitted => "专委会成员年度报送",
        UnitSubmitted => "单位年度报送",
        UnitAdopted => "单位年度被采用",
        _ => quota,
    };
}

/// <summary>
/// 任务提醒: scoring found the person behind on their yearly quotas in Month (yyyy-MM, Beijing) with MonthsLeft months of
/// the year still to act. Once per person and month (a second run of the month publishes nothing): a notifier tells
/// the person.
/// </summary>
public sealed record QuotaReminderDue(Guid PersonId, string Month, int MonthsLeft, IReadOnlyList<QuotaShortfall> Behind, DateTimeOffset DueAt);

/// <summary>通报发布: scoring stored a bulletin (Kind monthly, quarterly or half-yearly; Period 2026-11, 2026-Q4, 2026-H2).</summary>
public sealed record BulletinPublished(Guid BulletinId, string Kind, string Period, string Title, DateTimeOffset GeneratedAt);
