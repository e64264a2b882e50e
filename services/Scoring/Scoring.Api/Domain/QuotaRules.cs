using SheqingMinyi.IntegrationEvents;
using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>A unit's yearly target (三定: 定任务): items submitted and adopted with the unit as their unit.</summary>
public sealed record UnitTarget(Guid UnitId, int Submitted, int Adopted);

/// <summary>
/// A tenant's yearly quotas. Defaults from the seed: 每名委员每年至少被采用1篇 (persons of kind member), 专委会成员每年
/// 至少提交1篇 (persons with a membership of a special committee in the year); unit targets are the tenant's. From
/// <see cref="WarnFromMonth"/> on, everyone short of a quota is behind (a quarter left to act by default); before it,
/// those short of the year's pace (target × months passed / 12, rounded down).
/// </summary>
public sealed record QuotaRules
{
    public const string MemberAdopted = QuotaShortfall.MemberAdopted, SpecialCommitteeSubmitted = QuotaShortfall.SpecialCommitteeSubmitted,
        UnitSubmitted = QuotaShortfall.UnitSubmitted, UnitAdopted = QuotaShortfall.UnitAdopted;

    public static readonly QuotaRules Default = new();

    public int MemberAdoptedPerYear { get; init; } = 1;
    public int SpecialCommitteeSubmittedPerYear { get; init; } = 1;
    public int WarnFromMonth { get; init; } = 10;
    public IReadOnlyList<UnitTarget> UnitTargets { get; init; } = [];

    /// <summary>What a quota of <paramref name="target"/> asks by the end of <paramref name="month"/> (1–12).</summary>
    public int ExpectedBy(int target, int month) => month >= WarnFromMonth ? target : target * month / 12;

    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    public static QuotaRules FromJson(string json) => JsonSerializer.Deserialize<QuotaRules>(json, JsonDefaults.Options) ?? Default;

    /// <summary>The quota's name in a message or an export.</summary>
    public static string NameOf(string quota) => QuotaShortfall.NameOf(quota);
}
